# Flow logs of the created VPC: every accepted and rejected flow, to an
# encrypted CloudWatch log group with a retention period.

data "aws_caller_identity" "current" {
  count = local.flow_logs ? 1 : 0
}

data "aws_partition" "current" {
  count = local.flow_logs ? 1 : 0
}

data "aws_region" "current" {
  count = local.flow_logs ? 1 : 0
}

locals {
  flow_logs = var.create_vpc && var.flow_logs.enabled
}

resource "aws_cloudwatch_log_group" "flow_logs" {
  count = local.flow_logs ? 1 : 0

  name              = "/aws/vpc/${var.name}/flow-logs"
  retention_in_days = var.flow_logs.retention_days
  kms_key_id        = var.flow_logs.kms_key_arn

  tags = var.tags
}

resource "aws_iam_role" "flow_logs" {
  count = local.flow_logs ? 1 : 0

  name_prefix = "${substr(var.name, 0, 24)}-flow-logs-"
  description = "VPC flow logs of ${var.name}-vpc"

  # Only the flow logs service acting for this account's flow logs.
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "vpc-flow-logs.amazonaws.com" }
      Action    = "sts:AssumeRole"
      Condition = {
        StringEquals = { "aws:SourceAccount" = data.aws_caller_identity.current[0].account_id }
        ArnLike      = { "aws:SourceArn" = "arn:${data.aws_partition.current[0].partition}:ec2:${data.aws_region.current[0].name}:${data.aws_caller_identity.current[0].account_id}:vpc-flow-log/*" }
      }
    }]
  })

  tags = var.tags
}

resource "aws_iam_role_policy" "flow_logs" {
  count = local.flow_logs ? 1 : 0

  name = "write-flow-logs"
  role = aws_iam_role.flow_logs[0].id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"]
      Resource = ["${aws_cloudwatch_log_group.flow_logs[0].arn}:*"]
    }]
  })
}

resource "aws_flow_log" "this" {
  count = local.flow_logs ? 1 : 0

  vpc_id                   = aws_vpc.this[0].id
  traffic_type             = "ALL"
  log_destination_type     = "cloud-watch-logs"
  log_destination          = aws_cloudwatch_log_group.flow_logs[0].arn
  iam_role_arn             = aws_iam_role.flow_logs[0].arn
  max_aggregation_interval = 600

  tags = merge(var.tags, { Name = "${var.name}-flow-logs" })
}

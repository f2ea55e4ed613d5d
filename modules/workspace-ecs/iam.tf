# Policies are written as plain JSON (jsonencode) so that their content is
# visible in plans and asserted by the module's tests.

locals {
  ecs_tasks_assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ecs-tasks.amazonaws.com" }
      Action    = "sts:AssumeRole"
      # Only ECS acting for this account may assume the roles.
      Condition = {
        StringEquals = { "aws:SourceAccount" = local.account_id }
        ArnLike      = { "aws:SourceArn" = "arn:${local.partition}:ecs:${local.region}:${local.account_id}:*" }
      }
    }]
  })

  # The AWS secrets store keeps each ZenML secret as `zenml/<uuid>`.
  secrets_store_statements = [for statement in [
    {
      Sid    = "ZenMLSecretsStore"
      Effect = "Allow"
      Action = [
        "secretsmanager:CreateSecret",
        "secretsmanager:DeleteSecret",
        "secretsmanager:DescribeSecret",
        "secretsmanager:GetSecretValue",
        "secretsmanager:PutSecretValue",
        "secretsmanager:TagResource",
        "secretsmanager:UntagResource",
        "secretsmanager:UpdateSecret",
      ]
      Resource = "arn:${local.partition}:secretsmanager:${local.region}:${local.account_id}:secret:zenml/*"
    },
    {
      Sid      = "ZenMLSecretsStoreList"
      Effect   = "Allow"
      Action   = "secretsmanager:ListSecrets"
      Resource = "*"
    },
  ] : statement if var.secrets_store_type == "aws"]

  execute_command_statements = [for statement in [
    {
      Sid    = "EcsExec"
      Effect = "Allow"
      Action = [
        "ssmmessages:CreateControlChannel",
        "ssmmessages:CreateDataChannel",
        "ssmmessages:OpenControlChannel",
        "ssmmessages:OpenDataChannel",
      ]
      Resource = "*"
    },
  ] : statement if var.enable_execute_command]

  task_policy_statements = concat(local.secrets_store_statements, local.execute_command_statements)
}

# -----------------------------------------------------------------------------
# Execution role: used by ECS to pull the image, write logs and resolve the
# container's secrets. The server itself never holds these permissions.
# -----------------------------------------------------------------------------
resource "aws_iam_role" "execution" {
  name_prefix        = "${local.name}-exec-"
  description        = "ECS execution role of the ZenML workspace server ${var.server.workspace.name}"
  assume_role_policy = local.ecs_tasks_assume_role_policy

  tags = local.tags
}

resource "aws_iam_role_policy_attachment" "execution" {
  role       = aws_iam_role.execution.name
  policy_arn = "arn:${local.partition}:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}

resource "aws_iam_role_policy" "execution_secrets" {
  name = "read-server-secrets"
  role = aws_iam_role.execution.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "ReadServerSecrets"
        Effect   = "Allow"
        Action   = "secretsmanager:GetSecretValue"
        Resource = local.readable_secret_arns
      },
      {
        Sid       = "DecryptServerSecrets"
        Effect    = "Allow"
        Action    = "kms:Decrypt"
        Resource  = local.kms_key_arn
        Condition = { StringEquals = { "kms:ViaService" = "secretsmanager.${local.region}.amazonaws.com" } }
      },
    ]
  })
}

# -----------------------------------------------------------------------------
# Task role: the server's own identity. It may manage the secrets of the AWS
# Secrets Manager secrets store and nothing else; with ECS Exec it may also
# open the exec channel.
# -----------------------------------------------------------------------------
resource "aws_iam_role" "task" {
  name_prefix        = "${local.name}-task-"
  description        = "Task role of the ZenML workspace server ${var.server.workspace.name}"
  assume_role_policy = local.ecs_tasks_assume_role_policy

  tags = local.tags
}

resource "aws_iam_role_policy" "task" {
  count = length(local.task_policy_statements) > 0 ? 1 : 0

  name = "zenml-server"
  role = aws_iam_role.task.id

  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = local.task_policy_statements
  })
}

# A created VPC (zones, subnets, NAT, routes, the stripped default security
# group), an existing VPC passed through, and refused inputs, applied against
# a mocked AWS provider (nothing is created), by Terraform and OpenTofu alike.

# Mocks written out here (not `source`d), so that Terraform and OpenTofu read the same.
mock_provider "aws" {
  mock_data "aws_availability_zones" {
    defaults = {
      names = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
    }
  }

  mock_resource "aws_vpc" {
    defaults = {
      id = "vpc-0c0ffee0c0ffee000"
    }
  }

  # Generated values (random IDs, empty rule sets).
  mock_resource "aws_subnet" {}

  mock_resource "aws_nat_gateway" {}

  mock_resource "aws_default_security_group" {}

  # ARNs the provider checks where the flow log references them.
  mock_resource "aws_cloudwatch_log_group" {
    defaults = {
      arn = "arn:aws:logs:eu-west-1:111122223333:log-group:/aws/vpc/prod-zenml/flow-logs"
    }
  }

  mock_resource "aws_iam_role" {
    defaults = {
      arn = "arn:aws:iam::111122223333:role/prod-zenml-flow-logs-20250101"
    }
  }

  mock_data "aws_caller_identity" {
    defaults = {
      account_id = "111122223333"
    }
  }

  mock_data "aws_partition" {
    defaults = {
      partition = "aws"
    }
  }

  mock_data "aws_region" {
    defaults = {
      name = "eu-west-1"
    }
  }

  mock_data "aws_subnet" {
    defaults = {
      cidr_block = "10.20.240.0/24"
    }
  }
}

variables {
  name = "prod-zenml"
  tags = { team = "ml" }
}

run "created_vpc_with_private_subnets_behind_one_nat_gateway_per_zone" {
  command = apply

  variables {
    private_subnet_tags = { "kubernetes.io/role/internal-elb" = "1" }
    public_subnet_tags  = { "kubernetes.io/role/elb" = "1" }
  }

  assert {
    condition     = output.vpc.cidr_block == "10.40.0.0/16" && output.vpc.enable_dns_support && output.vpc.enable_dns_hostnames && output.vpc_id == "vpc-0c0ffee0c0ffee000"
    error_message = "The VPC must be created from vpc_cidr with DNS support and be reported."
  }

  assert {
    condition = (
      [for subnet in aws_subnet.private : subnet.availability_zone] == ["eu-west-1a", "eu-west-1b", "eu-west-1c"] &&
      [for subnet in aws_subnet.private : subnet.cidr_block] == ["10.40.0.0/20", "10.40.16.0/20", "10.40.32.0/20"] &&
      [for subnet in aws_subnet.public : subnet.cidr_block] == ["10.40.240.0/24", "10.40.241.0/24", "10.40.242.0/24"]
    )
    error_message = "One private and one public subnet per zone, carved from the VPC range."
  }

  assert {
    condition     = alltrue([for subnet in aws_subnet.public : subnet.map_public_ip_on_launch == false])
    error_message = "Public subnets must not assign public IPs automatically."
  }

  assert {
    condition = (
      aws_subnet.private[0].tags == tomap({ team = "ml", "kubernetes.io/role/internal-elb" = "1", Name = "prod-zenml-private-eu-west-1a" }) &&
      aws_subnet.public[2].tags == tomap({ team = "ml", "kubernetes.io/role/elb" = "1", Name = "prod-zenml-public-eu-west-1c" })
    )
    error_message = "Subnets must carry the tags, their role tags and their Name."
  }

  assert {
    condition     = length(aws_nat_gateway.this) == 3 && [for route in aws_route.private_nat : route.nat_gateway_id] == aws_nat_gateway.this[*].id
    error_message = "Each zone's private subnet must leave through its own NAT gateway."
  }

  assert {
    condition     = alltrue([for route in aws_route.private_nat : route.destination_cidr_block == "0.0.0.0/0" && route.gateway_id == null])
    error_message = "Private subnets must have no route through the internet gateway."
  }

  assert {
    condition     = length(aws_default_security_group.this[0].ingress) == 0 && length(aws_default_security_group.this[0].egress) == 0
    error_message = "The VPC's default security group must be stripped of all rules."
  }

  assert {
    condition     = output.private_subnet_ids == tolist(aws_subnet.private[*].id) && output.public_subnet_ids == tolist(aws_subnet.public[*].id) && length(output.nat_gateway_ids) == 3
    error_message = "The created subnets and NAT gateways must be reported."
  }
}

run "created_vpc_logs_every_flow_to_an_encrypted_log_group" {
  command = apply

  variables {
    flow_logs = {
      retention_days = 365
      kms_key_arn    = "arn:aws:kms:eu-west-1:111122223333:key/11111111-2222-3333-4444-555555555555"
    }
  }

  assert {
    condition = (
      aws_flow_log.this[0].vpc_id == "vpc-0c0ffee0c0ffee000" &&
      aws_flow_log.this[0].traffic_type == "ALL" &&
      aws_flow_log.this[0].log_destination_type == "cloud-watch-logs" &&
      aws_flow_log.this[0].log_destination == aws_cloudwatch_log_group.flow_logs[0].arn &&
      aws_flow_log.this[0].iam_role_arn == aws_iam_role.flow_logs[0].arn
    )
    error_message = "The created VPC must log every accepted and rejected flow to its log group."
  }

  assert {
    condition = (
      aws_cloudwatch_log_group.flow_logs[0].name == "/aws/vpc/prod-zenml/flow-logs" &&
      aws_cloudwatch_log_group.flow_logs[0].retention_in_days == 365 &&
      aws_cloudwatch_log_group.flow_logs[0].kms_key_id == "arn:aws:kms:eu-west-1:111122223333:key/11111111-2222-3333-4444-555555555555"
    )
    error_message = "The flow log group must be encrypted and kept for the given days."
  }

  assert {
    condition = (
      jsondecode(aws_iam_role.flow_logs[0].assume_role_policy).Statement[0].Principal == { Service = "vpc-flow-logs.amazonaws.com" } &&
      jsondecode(aws_iam_role.flow_logs[0].assume_role_policy).Statement[0].Condition.StringEquals["aws:SourceAccount"] == "111122223333" &&
      jsondecode(aws_iam_role_policy.flow_logs[0].policy).Statement[0].Resource == ["arn:aws:logs:eu-west-1:111122223333:log-group:/aws/vpc/prod-zenml/flow-logs:*"]
    )
    error_message = "Only this account's flow logs may assume the role, which may only write to the flow log group."
  }

  assert {
    condition     = output.public_subnet_cidrs == tolist(["10.40.240.0/24", "10.40.241.0/24", "10.40.242.0/24"]) && output.private_subnet_cidrs == tolist(["10.40.0.0/20", "10.40.16.0/20", "10.40.32.0/20"])
    error_message = "The created subnets' ranges must be reported, in zone order."
  }
}

run "flow_logs_can_be_turned_off" {
  command = apply

  variables {
    flow_logs = { enabled = false }
  }

  assert {
    condition     = length(aws_flow_log.this) == 0 && output.flow_log == null && length(aws_iam_role.flow_logs) == 0
    error_message = "flow_logs.enabled = false must create no flow log."
  }
}

run "created_vpc_in_two_zones_with_a_single_nat_gateway" {
  command = apply

  variables {
    vpc_cidr                = "10.50.0.0/17"
    availability_zone_count = 2
    single_nat_gateway      = true
  }

  assert {
    condition     = length(aws_subnet.private) == 2 && length(aws_subnet.public) == 2 && length(aws_nat_gateway.this) == 1 && length(aws_eip.nat) == 1
    error_message = "Two zones with one NAT gateway must be created."
  }

  assert {
    condition     = alltrue([for route in aws_route.private_nat : route.nat_gateway_id == aws_nat_gateway.this[0].id])
    error_message = "Both zones must leave through the single NAT gateway."
  }

  assert {
    condition     = [for subnet in aws_subnet.private : subnet.cidr_block] == ["10.50.0.0/21", "10.50.8.0/21"]
    error_message = "Private subnets must be carved from the VPC range."
  }
}

run "existing_vpc_passed_through" {
  command = apply

  variables {
    create_vpc         = false
    vpc_id             = "vpc-0123456789abcdef0"
    private_subnet_ids = ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"]
    public_subnet_ids  = ["subnet-0bbbbbbbbbbbbbbb1"]
  }

  assert {
    condition = (
      length(aws_vpc.this) == 0 && length(aws_subnet.private) == 0 && length(aws_subnet.public) == 0 &&
      length(aws_nat_gateway.this) == 0 && length(aws_default_security_group.this) == 0 && length(data.aws_availability_zones.available) == 0
    )
    error_message = "Nothing may be created or looked up for an existing VPC."
  }

  assert {
    condition = (
      output.vpc_id == var.vpc_id && output.private_subnet_ids == tolist(var.private_subnet_ids) && output.public_subnet_ids == tolist(var.public_subnet_ids) &&
      output.vpc == null && length(output.nat_gateway_ids) == 0
    )
    error_message = "The existing VPC and subnets must be passed through."
  }

  assert {
    condition     = output.private_subnet_cidrs == tolist(["10.20.240.0/24", "10.20.240.0/24"]) && output.public_subnet_cidrs == tolist(["10.20.240.0/24"])
    error_message = "The given subnets' ranges must be looked up, in order."
  }

  assert {
    condition     = output.flow_log == null && output.flow_log_group == null
    error_message = "The flow logs of an existing VPC are its owner's."
  }
}

run "existing_vpc_misdescribed" {
  command = plan

  variables {
    create_vpc          = false
    private_subnet_ids  = ["subnet-0aaaaaaaaaaaaaaa1"]
    public_subnet_ids   = ["subnet-0bbbbbbbbbbbbbbb1", "public-1"]
    private_subnet_tags = { Name = "mine" }
  }

  expect_failures = [
    var.vpc_id,
    var.private_subnet_ids,
    var.public_subnet_ids,
    var.private_subnet_tags,
  ]
}

run "created_vpc_misdescribed" {
  command = plan

  variables {
    name                    = "prod-zenml-"
    vpc_id                  = "vpc-0123456789abcdef0"
    public_subnet_ids       = ["subnet-0bbbbbbbbbbbbbbb1", "subnet-0bbbbbbbbbbbbbbb2"]
    vpc_cidr                = "10.40.0.0/24"
    availability_zone_count = 4
    public_subnet_tags      = { Name = "mine" }
  }

  expect_failures = [
    var.name,
    var.vpc_id,
    var.public_subnet_ids,
    var.vpc_cidr,
    var.availability_zone_count,
    var.public_subnet_tags,
  ]
}

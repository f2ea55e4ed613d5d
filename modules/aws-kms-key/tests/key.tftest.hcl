# The key's hardened settings and its policy, applied against a mocked AWS
# provider (nothing is created), by Terraform and OpenTofu alike.

# Mocks written out here (not `source`d), so that Terraform and OpenTofu read the same.
mock_provider "aws" {
  mock_data "aws_region" {
    defaults = {
      name = "eu-west-1"
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

  mock_resource "aws_kms_key" {
    defaults = {
      arn    = "arn:aws:kms:eu-west-1:111122223333:key/11111111-2222-3333-4444-555555555555"
      key_id = "11111111-2222-3333-4444-555555555555"
    }
  }
}

variables {
  name        = "prod-zenml"
  description = "ZenML workspace ml-platform: database, secrets and logs"
  tags        = { team = "ml" }
}

run "key_rotates_and_only_lets_this_accounts_logs_use_it" {
  command = apply

  assert {
    condition     = aws_kms_key.this.enable_key_rotation == true && aws_kms_key.this.deletion_window_in_days == 30
    error_message = "The key must rotate and have a 30-day deletion window."
  }

  assert {
    condition     = aws_kms_key.this.description == var.description && aws_kms_key.this.tags == tomap({ team = "ml", Name = "prod-zenml-kms" })
    error_message = "The key must carry the given description and tags, and its Name."
  }

  assert {
    condition = jsondecode(aws_kms_key.this.policy).Statement[0] == {
      Sid       = "AccountAdministration"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111122223333:root" }
      Action    = "kms:*"
      Resource  = "*"
    }
    error_message = "The key policy must delegate to IAM policies of this account only."
  }

  assert {
    condition = (
      jsondecode(aws_kms_key.this.policy).Statement[1].Principal == { Service = "logs.eu-west-1.amazonaws.com" } &&
      jsondecode(aws_kms_key.this.policy).Statement[1].Condition == {
        ArnLike = { "kms:EncryptionContext:aws:logs:arn" = "arn:aws:logs:eu-west-1:111122223333:log-group:*" }
      } &&
      length(jsondecode(aws_kms_key.this.policy).Statement) == 2
    )
    error_message = "CloudWatch Logs may only use the key for log groups of this account and region."
  }

  assert {
    condition     = aws_kms_alias.this.name == "alias/prod-zenml" && aws_kms_alias.this.target_key_id == "11111111-2222-3333-4444-555555555555"
    error_message = "The alias must point at the key."
  }

  assert {
    condition     = output.arn == "arn:aws:kms:eu-west-1:111122223333:key/11111111-2222-3333-4444-555555555555" && output.key.arn == output.arn
    error_message = "The key's ARN must be reported."
  }
}

run "names_and_descriptions_refused" {
  command = plan

  variables {
    name        = "Prod_ZenML"
    description = " "
  }

  expect_failures = [
    var.name,
    var.description,
  ]
}

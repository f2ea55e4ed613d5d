# Options: IRSA instead of Pod Identity, an existing cluster in an existing
# VPC, a public API endpoint with administrators.

# Mocks written out here (not `source`d), so that Terraform and OpenTofu read the same.
mock_provider "aws" {
  mock_data "aws_availability_zones" {
    defaults = {
      names = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
    }
  }

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

  mock_data "aws_eks_cluster" {
    defaults = {
      endpoint = "https://ABCDEF0123456789.gr7.eu-west-1.eks.amazonaws.com"
      certificate_authority = [{
        data = "LS0tLS1CRUdJTi1DRVJUSUZJQ0FURS0tLS0t"
      }]
      identity = [{
        oidc = [{
          issuer = "https://oidc.eks.eu-west-1.amazonaws.com/id/EXISTING0123456789"
        }]
      }]
      vpc_config = [{
        cluster_security_group_id = "sg-0existingcluster"
        endpoint_private_access   = true
        endpoint_public_access    = false
        public_access_cidrs       = []
        security_group_ids        = []
        subnet_ids                = []
        vpc_id                    = "vpc-0123456789abcdef0"
      }]
    }
  }

  mock_data "aws_iam_openid_connect_provider" {
    defaults = {
      arn = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXISTING0123456789"
    }
  }

  mock_resource "aws_kms_key" {
    defaults = {
      arn    = "arn:aws:kms:eu-west-1:111122223333:key/11111111-2222-3333-4444-555555555555"
      key_id = "11111111-2222-3333-4444-555555555555"
    }
  }

  mock_resource "aws_db_instance" {
    defaults = {
      address = "prod-zenml-db.abcdefghijkl.eu-west-1.rds.amazonaws.com"
      master_user_secret = [{
        secret_arn    = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:rds!db-0a1b2c3d-AbCdEf"
        kms_key_id    = "arn:aws:kms:eu-west-1:111122223333:key/11111111-2222-3333-4444-555555555555"
        secret_status = "active"
      }]
    }
  }

  mock_resource "aws_eks_cluster" {
    defaults = {
      endpoint = "https://0123456789ABCDEF.gr7.eu-west-1.eks.amazonaws.com"
      certificate_authority = [{
        data = "LS0tLS1CRUdJTi1DRVJUSUZJQ0FURS0tLS0t"
      }]
      identity = [{
        oidc = [{
          issuer = "https://oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF"
        }]
      }]
    }
  }

  mock_resource "aws_iam_openid_connect_provider" {
    defaults = {
      arn = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF"
    }
  }

  mock_resource "aws_iam_role" {
    defaults = {
      arn = "arn:aws:iam::111122223333:role/prod-zenml-role"
    }
  }

  mock_resource "aws_launch_template" {
    defaults = {
      id             = "lt-0123456789abcdef0"
      latest_version = 1
    }
  }

  # ARNs the provider checks where other resources reference them.
  mock_resource "aws_cloudwatch_log_group" {
    defaults = {
      arn = "arn:aws:logs:eu-west-1:111122223333:log-group:/aws/vpc/prod-zenml/flow-logs"
    }
  }

  # Every given subnet of an existing VPC.
  mock_data "aws_subnet" {
    defaults = {
      cidr_block = "10.20.240.0/24"
    }
  }
}

override_resource {
  target = aws_eks_cluster.this
  values = {
    endpoint = "https://0123456789ABCDEF.gr7.eu-west-1.eks.amazonaws.com"
    certificate_authority = [{
      data = "LS0tLS1CRUdJTi1DRVJUSUZJQ0FURS0tLS0t"
    }]
    identity = [{
      oidc = [{
        issuer = "https://oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF"
      }]
    }]
    vpc_config = {
      cluster_security_group_id = "sg-0cluster"
      vpc_id                    = "vpc-0mock"
    }
  }
}

variables {
  name_prefix              = "prod"
  db_ca_certificate_bundle = "-----BEGIN CERTIFICATE-----\nMIIBrdsEuWest1\n-----END CERTIFICATE-----\n"
}

run "irsa_binds_the_server_service_account" {
  command = apply

  variables {
    service_account_identity        = "irsa"
    kubernetes_namespace            = "zenml-prod"
    kubernetes_service_account_name = "zenml-server"
  }

  assert {
    condition     = aws_iam_openid_connect_provider.this[0].url == "https://oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF" && aws_iam_openid_connect_provider.this[0].client_id_list == toset(["sts.amazonaws.com"])
    error_message = "IRSA needs the cluster's OIDC provider for STS."
  }

  assert {
    condition     = jsondecode(aws_iam_role.secrets_store.assume_role_policy).Statement[0].Principal.Federated == "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF"
    error_message = "The role must trust the cluster's OIDC provider."
  }

  assert {
    condition = jsondecode(aws_iam_role.secrets_store.assume_role_policy).Statement[0].Condition.StringEquals == {
      "oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF:aud" = "sts.amazonaws.com"
      "oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF:sub" = "system:serviceaccount:zenml-prod:zenml-server"
    }
    error_message = "Only the server's service account (the migration runs under it too) may assume the role."
  }

  assert {
    condition     = length(output.server_platform.service_account_annotations) == 1 && output.server_platform.service_account_annotations["eks.amazonaws.com/role-arn"] == aws_iam_role.secrets_store.arn
    error_message = "IRSA needs the role annotation on the service account."
  }

  assert {
    condition     = length(aws_eks_pod_identity_association.server) == 0 && length(aws_eks_addon.pod_identity_agent) == 0
    error_message = "IRSA and Pod Identity are exclusive."
  }

  assert {
    condition     = output.kubernetes_namespace == "zenml-prod" && output.kubernetes_service_account_name == "zenml-server"
    error_message = "The namespace and service account must be reported for the helm module."
  }
}

run "existing_cluster_in_its_vpc" {
  command = apply

  variables {
    create_vpc               = false
    vpc_id                   = "vpc-0123456789abcdef0"
    private_subnet_ids       = ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"]
    create_cluster           = false
    cluster_name             = "platform"
    service_account_identity = "irsa"
  }

  assert {
    condition     = length(aws_eks_cluster.this) == 0 && length(aws_eks_node_group.this) == 0 && module.network.vpc == null && length(aws_iam_openid_connect_provider.this) == 0
    error_message = "Nothing of the existing cluster or VPC may be created."
  }

  assert {
    condition     = module.database.ingress_rules["cluster"].referenced_security_group_id == "sg-0existingcluster"
    error_message = "The database must accept the existing cluster's security group only."
  }

  assert {
    condition     = module.database.subnet_group.subnet_ids == toset(var.private_subnet_ids) && module.database.security_group.vpc_id == "vpc-0123456789abcdef0"
    error_message = "The database must live in the cluster's private subnets."
  }

  assert {
    condition     = output.oidc_provider_arn == "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXISTING0123456789"
    error_message = "The existing cluster's OIDC provider must be looked up for IRSA."
  }

  assert {
    condition     = output.cluster_name == "platform" && output.cluster_endpoint == "https://ABCDEF0123456789.gr7.eu-west-1.eks.amazonaws.com"
    error_message = "The existing cluster's access details must be reported."
  }
}

run "public_endpoint_for_given_ranges_and_administrators" {
  command = apply

  variables {
    cluster_endpoint_public_access       = true
    cluster_endpoint_public_access_cidrs = ["203.0.113.0/24"]
    cluster_admin_principal_arns         = ["arn:aws:iam::111122223333:role/platform-admins"]
    db_multi_az                          = false
    db_backup_retention_days             = 7
    db_skip_final_snapshot               = true
    db_deletion_protection               = false
  }

  assert {
    condition     = aws_eks_cluster.this[0].vpc_config[0].endpoint_public_access == true && aws_eks_cluster.this[0].vpc_config[0].public_access_cidrs == toset(["203.0.113.0/24"])
    error_message = "A public endpoint must be limited to the given ranges."
  }

  assert {
    condition     = aws_eks_access_entry.admin["arn:aws:iam::111122223333:role/platform-admins"].principal_arn == "arn:aws:iam::111122223333:role/platform-admins" && aws_eks_access_policy_association.admin["arn:aws:iam::111122223333:role/platform-admins"].policy_arn == "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
    error_message = "Given administrators must get cluster-admin access entries."
  }

  assert {
    condition = (
      module.database.instance.multi_az == false &&
      module.database.instance.backup_retention_period == 7 &&
      module.database.instance.skip_final_snapshot == true &&
      module.database.instance.final_snapshot_identifier == null &&
      module.database.instance.deletion_protection == false
    )
    error_message = "Explicit database choices must be honoured."
  }
}

# The hardened defaults of a minimal call: a new VPC and cluster, EKS Pod
# Identity for the secrets store, RDS MySQL reachable from the cluster only.
# Applied against a mocked AWS provider (nothing is created), by Terraform and
# OpenTofu alike.

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
  target = module.network.aws_subnet.private
  values = { id = "subnet-0private" }
}

override_resource {
  target = module.network.aws_subnet.public
  values = { id = "subnet-0public" }
}

override_resource {
  target = module.database.aws_security_group.this
  values = { id = "sg-0database" }
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
    # Only the computed attributes of the configured block.
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

run "database_is_private_encrypted_backed_up_and_fenced" {
  command = apply

  assert {
    condition     = module.database.instance.publicly_accessible == false
    error_message = "The database must not be publicly accessible."
  }

  assert {
    condition     = module.database.instance.storage_encrypted == true && module.database.instance.kms_key_id == module.kms_key[0].key.arn
    error_message = "The database storage must be encrypted with the module's KMS key."
  }

  assert {
    condition     = module.database.instance.deletion_protection == true
    error_message = "Deletion protection must be on by default."
  }

  assert {
    condition     = module.database.instance.backup_retention_period == 30
    error_message = "Backups must be kept 30 days by default."
  }

  assert {
    condition     = module.database.instance.skip_final_snapshot == false && module.database.instance.final_snapshot_identifier == "prod-zenml-db-final"
    error_message = "A final snapshot must be taken unless explicitly skipped."
  }

  assert {
    condition     = module.database.instance.multi_az == true && module.database.instance.engine == "mysql" && module.database.instance.engine_version == "8.0"
    error_message = "The database must be Multi-AZ MySQL 8.0 by default."
  }

  assert {
    condition     = module.database.instance.manage_master_user_password == true && module.database.instance.password == null
    error_message = "The master password must be managed by RDS in Secrets Manager, never set by Terraform."
  }

  assert {
    condition     = one([for parameter in module.database.parameter_group.parameter : parameter.value if parameter.name == "require_secure_transport"]) == "1"
    error_message = "The database must require TLS."
  }

  assert {
    condition     = module.database.subnet_group.subnet_ids == toset(["subnet-0private"])
    error_message = "The database must live in the private subnets only."
  }

  assert {
    condition     = module.database.instance.vpc_security_group_ids == toset(["sg-0database"]) && length(module.database.security_group.ingress) == 0 && length(module.database.security_group.egress) == 0
    error_message = "The database must carry only its own security group, without inline rules."
  }

  assert {
    condition = (
      keys(module.database.ingress_rules) == ["cluster"] &&
      module.database.ingress_rules["cluster"].security_group_id == "sg-0database" &&
      module.database.ingress_rules["cluster"].referenced_security_group_id == "sg-0cluster" &&
      module.database.ingress_rules["cluster"].cidr_ipv4 == null &&
      module.database.ingress_rules["cluster"].from_port == 3306
    )
    error_message = "MySQL must only be reachable from the cluster security group."
  }

  assert {
    condition = output.database == {
      engine   = "mysql"
      host     = "prod-zenml-db.abcdefghijkl.eu-west-1.rds.amazonaws.com"
      port     = 3306
      name     = "zenml"
      username = "zenml"
      tls      = { enabled = true, verify_server_cert = true, ca_certificate = "-----BEGIN CERTIFICATE-----\nMIIBrdsEuWest1\n-----END CERTIFICATE-----\n" }
    }
    error_message = "The database output must be ready for workspace-server-helm, with TLS verified against the RDS bundle."
  }

  assert {
    condition     = output.server_platform.database == output.database && output.server_platform.secrets_store == output.secrets_store
    error_message = "server_platform must carry the database and the secrets store."
  }

  assert {
    condition     = module.database.instance.iam_database_authentication_enabled == true && module.database.instance.performance_insights_enabled == true
    error_message = "IAM authentication and Performance Insights must be on."
  }

  assert {
    condition     = output.database_master_user_secret_arn == "arn:aws:secretsmanager:eu-west-1:111122223333:secret:rds!db-0a1b2c3d-AbCdEf"
    error_message = "The RDS-managed secret must be reported for the helm module."
  }
}

run "cluster_is_private_encrypted_and_audited" {
  command = apply

  assert {
    condition     = aws_eks_cluster.this[0].vpc_config[0].endpoint_public_access == false && aws_eks_cluster.this[0].vpc_config[0].endpoint_private_access == true
    error_message = "The Kubernetes API must be private by default."
  }

  assert {
    condition     = one(aws_eks_cluster.this[0].encryption_config).resources == toset(["secrets"]) && one(one(aws_eks_cluster.this[0].encryption_config).provider).key_arn == module.kms_key[0].key.arn
    error_message = "Kubernetes secrets must be encrypted with the module's KMS key."
  }

  assert {
    condition     = toset(aws_eks_cluster.this[0].enabled_cluster_log_types) == toset(["api", "audit", "authenticator", "controllerManager", "scheduler"]) && aws_cloudwatch_log_group.cluster[0].retention_in_days == 90
    error_message = "API, audit and authenticator logs must be kept 90 days."
  }

  assert {
    condition     = aws_eks_cluster.this[0].access_config[0].authentication_mode == "API" && aws_eks_cluster.this[0].upgrade_policy[0].support_type == "STANDARD"
    error_message = "The cluster must use access entries and standard support."
  }

  assert {
    condition     = aws_eks_node_group.this[0].subnet_ids == toset(["subnet-0private"]) && aws_eks_cluster.this[0].vpc_config[0].subnet_ids == toset(["subnet-0private"])
    error_message = "Cluster and nodes must use the private subnets."
  }

  assert {
    condition = (
      alltrue([for subnet in module.network.private_subnets : subnet.tags["kubernetes.io/role/internal-elb"] == "1"]) &&
      alltrue([for subnet in module.network.public_subnets : subnet.tags["kubernetes.io/role/elb"] == "1"]) &&
      length(module.network.private_subnets) == 3
    )
    error_message = "Created subnets must carry the role tags load balancer controllers look for."
  }

  assert {
    condition = (
      aws_launch_template.node[0].metadata_options[0].http_tokens == "required" &&
      aws_launch_template.node[0].metadata_options[0].http_put_response_hop_limit == 1 &&
      aws_launch_template.node[0].block_device_mappings[0].ebs[0].encrypted == "true"
    )
    error_message = "Nodes must require IMDSv2 (unreachable from pods) and encrypt their disks."
  }

  assert {
    condition     = aws_eks_node_group.this[0].scaling_config[0].min_size == 2 && aws_eks_node_group.this[0].scaling_config[0].max_size == 4
    error_message = "Two to four nodes by default."
  }

  assert {
    condition     = length(aws_eks_access_entry.admin) == 0 && output.cluster_name == "prod-zenml"
    error_message = "Only the creator administers the cluster by default."
  }
}

run "pod_identity_for_the_secrets_store" {
  command = apply

  assert {
    condition     = jsondecode(aws_iam_role.secrets_store.assume_role_policy).Statement[0].Principal.Service == "pods.eks.amazonaws.com"
    error_message = "The secrets-store role must be assumed through EKS Pod Identity by default."
  }

  assert {
    condition = (
      length(aws_eks_pod_identity_association.server) == 1 &&
      aws_eks_pod_identity_association.server[0].service_account == "zenml" &&
      aws_eks_pod_identity_association.server[0].namespace == "zenml" &&
      aws_eks_pod_identity_association.server[0].cluster_name == "prod-zenml"
    )
    error_message = "The server's one service account (the migration runs under it too) must be bound to the role."
  }

  assert {
    condition     = aws_eks_addon.pod_identity_agent[0].addon_name == "eks-pod-identity-agent"
    error_message = "The Pod Identity agent must be installed."
  }

  assert {
    condition     = length(aws_iam_openid_connect_provider.this) == 0 && length(output.server_platform.service_account_annotations) == 0
    error_message = "Pod Identity and IRSA are exclusive: no OIDC provider, no role annotation."
  }

  assert {
    condition     = jsondecode(aws_iam_role_policy.secrets_store.policy).Statement[0].Resource == "arn:aws:secretsmanager:eu-west-1:111122223333:secret:zenml/*"
    error_message = "The role may only manage the ZenML secrets store's secrets (zenml/*)."
  }

  assert {
    condition     = output.secrets_store == { type = "aws", aws = { region = "eu-west-1" } }
    error_message = "The secrets-store output must point the server at Secrets Manager in this region."
  }

  assert {
    condition = (
      output.server_platform.namespace == "zenml" && output.server_platform.service_account_name == "zenml" &&
      length(output.server_platform.pod_labels) == 0 && length(output.server_platform.pod_annotations) == 0 &&
      output.server_platform.trusted_proxies == tolist(["10.40.240.0/24", "10.40.241.0/24", "10.40.242.0/24"])
    )
    error_message = "server_platform must name the bound service account and trust the public subnets of the load balancer only."
  }
}

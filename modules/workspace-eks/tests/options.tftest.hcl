# Options: IRSA instead of Pod Identity, an existing cluster in an existing
# VPC, a public API endpoint with administrators.

mock_provider "aws" {
  source          = "./tests/mocks"
  override_during = plan
}

override_resource {
  target          = aws_eks_cluster.this
  override_during = plan
  values = {
    name     = "prod-zenml"
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
  name_prefix = "prod"
}

run "irsa_binds_both_service_accounts" {
  command = plan

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
      "oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF:sub" = [
        "system:serviceaccount:zenml-prod:zenml-server",
        "system:serviceaccount:zenml-prod:zenml-server-db-migration",
      ]
    }
    error_message = "Only the server's and the migration hook's service accounts may assume the role."
  }

  assert {
    condition     = length(output.service_account_annotations) == 1 && output.service_account_annotations["eks.amazonaws.com/role-arn"] == aws_iam_role.secrets_store.arn
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
  command = plan

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
  command = plan

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

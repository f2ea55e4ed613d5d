# An EKS cluster with private nodes, encrypted Kubernetes secrets, audit
# logs and access entries (no aws-auth ConfigMap), or an existing cluster.

locals {
  create_cluster_name = local.name

  eks_assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "eks.amazonaws.com" }
      Action    = ["sts:AssumeRole", "sts:TagSession"]
    }]
  })

  node_assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ec2.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role" "cluster" {
  count = var.create_cluster ? 1 : 0

  name_prefix        = "${local.name}-cluster-"
  description        = "EKS cluster role of ${local.create_cluster_name}"
  assume_role_policy = local.eks_assume_role_policy

  tags = local.tags
}

resource "aws_iam_role_policy_attachment" "cluster" {
  count = var.create_cluster ? 1 : 0

  role       = aws_iam_role.cluster[0].name
  policy_arn = "arn:${local.partition}:iam::aws:policy/AmazonEKSClusterPolicy"
}

# Envelope encryption of Kubernetes secrets with the module's KMS key.
resource "aws_iam_role_policy" "cluster_encryption" {
  count = var.create_cluster ? 1 : 0

  name = "encrypt-kubernetes-secrets"
  role = aws_iam_role.cluster[0].id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"]
      Resource = local.kms_key_arn
    }]
  })
}

# Created before the cluster so that EKS does not create it without
# retention or encryption.
resource "aws_cloudwatch_log_group" "cluster" {
  count = var.create_cluster ? 1 : 0

  name              = "/aws/eks/${local.create_cluster_name}/cluster"
  retention_in_days = var.log_retention_days
  kms_key_id        = local.kms_key_arn

  tags = local.tags
}

resource "aws_eks_cluster" "this" {
  count = var.create_cluster ? 1 : 0

  name     = local.create_cluster_name
  version  = var.kubernetes_version
  role_arn = aws_iam_role.cluster[0].arn

  # Every control plane log: API, audit and authenticator, and the controller
  # manager and scheduler (which explain what the cluster did on its own).
  enabled_cluster_log_types = ["api", "audit", "authenticator", "controllerManager", "scheduler"]

  access_config {
    authentication_mode = "API"
    # Whoever runs Terraform administers the cluster (to install the chart);
    # more administrators are added as access entries.
    bootstrap_cluster_creator_admin_permissions = true
  }

  vpc_config {
    subnet_ids              = local.private_subnet_ids
    endpoint_private_access = true
    endpoint_public_access  = var.cluster_endpoint_public_access
    public_access_cidrs     = var.cluster_endpoint_public_access ? var.cluster_endpoint_public_access_cidrs : null
  }

  encryption_config {
    resources = ["secrets"]

    provider {
      key_arn = local.kms_key_arn
    }
  }

  # Avoid extended-support charges: upgrade within standard support.
  upgrade_policy {
    support_type = "STANDARD"
  }

  tags = local.tags

  depends_on = [
    aws_cloudwatch_log_group.cluster,
    aws_iam_role_policy_attachment.cluster,
    aws_iam_role_policy.cluster_encryption,
  ]
}

resource "aws_eks_access_entry" "admin" {
  for_each = var.create_cluster ? toset(var.cluster_admin_principal_arns) : toset([])

  cluster_name  = aws_eks_cluster.this[0].name
  principal_arn = each.value
  type          = "STANDARD"

  tags = local.tags
}

resource "aws_eks_access_policy_association" "admin" {
  for_each = aws_eks_access_entry.admin

  cluster_name  = each.value.cluster_name
  principal_arn = each.value.principal_arn
  policy_arn    = "arn:${local.partition}:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"

  access_scope {
    type = "cluster"
  }
}

# -----------------------------------------------------------------------------
# Managed node group in the private subnets.
# -----------------------------------------------------------------------------
resource "aws_iam_role" "node" {
  count = var.create_cluster ? 1 : 0

  name_prefix        = "${local.name}-node-"
  description        = "EKS node role of ${local.create_cluster_name}"
  assume_role_policy = local.node_assume_role_policy

  tags = local.tags
}

resource "aws_iam_role_policy_attachment" "node" {
  for_each = var.create_cluster ? toset([
    "AmazonEKSWorkerNodePolicy",
    "AmazonEKS_CNI_Policy",
    "AmazonEC2ContainerRegistryReadOnly",
  ]) : toset([])

  role       = aws_iam_role.node[0].name
  policy_arn = "arn:${local.partition}:iam::aws:policy/${each.value}"
}

resource "aws_launch_template" "node" {
  count = var.create_cluster ? 1 : 0

  name_prefix = "${local.name}-node-"
  description = "Nodes of ${local.create_cluster_name}: IMDSv2 only, encrypted disks"

  # IMDSv2 only, and not reachable from pods (one hop): workloads get AWS
  # credentials from their own identity (Pod Identity or IRSA), never from
  # the node role.
  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
  }

  block_device_mappings {
    device_name = "/dev/xvda"

    ebs {
      volume_size           = var.node_disk_size_gib
      volume_type           = "gp3"
      encrypted             = true
      delete_on_termination = true
    }
  }

  tag_specifications {
    resource_type = "instance"
    tags          = merge(local.tags, { Name = "${local.name}-node" })
  }

  tag_specifications {
    resource_type = "volume"
    tags          = merge(local.tags, { Name = "${local.name}-node" })
  }

  tags = local.tags
}

resource "aws_eks_node_group" "this" {
  count = var.create_cluster ? 1 : 0

  cluster_name           = aws_eks_cluster.this[0].name
  node_group_name_prefix = "${local.name}-"
  node_role_arn          = aws_iam_role.node[0].arn
  subnet_ids             = local.private_subnet_ids
  ami_type               = "AL2023_x86_64_STANDARD"
  capacity_type          = "ON_DEMAND"
  instance_types         = var.node_instance_types

  scaling_config {
    min_size     = var.node_min_size
    desired_size = var.node_desired_size
    max_size     = var.node_max_size
  }

  update_config {
    max_unavailable = 1
  }

  launch_template {
    id      = aws_launch_template.node[0].id
    version = aws_launch_template.node[0].latest_version
  }

  tags = local.tags

  lifecycle {
    create_before_destroy = true
    # Autoscalers change the desired size.
    ignore_changes = [scaling_config[0].desired_size]
  }

  # Nodes join the cluster through the NAT gateways: the whole network (its
  # private routes last) comes first.
  depends_on = [
    aws_iam_role_policy_attachment.node,
    module.network,
  ]
}

resource "aws_eks_addon" "pod_identity_agent" {
  count = var.create_cluster && var.service_account_identity == "pod_identity" ? 1 : 0

  cluster_name                = aws_eks_cluster.this[0].name
  addon_name                  = "eks-pod-identity-agent"
  resolve_conflicts_on_create = "OVERWRITE"
  resolve_conflicts_on_update = "OVERWRITE"

  tags = local.tags

  depends_on = [aws_eks_node_group.this]
}

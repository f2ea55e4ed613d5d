# A VPC with private subnets (workloads and database) and public subnets (load
# balancers, NAT gateways), or the subnets of an existing VPC, passed through.
# Private subnets reach the internet only outbound, through NAT.

data "aws_availability_zones" "available" {
  count = var.create_vpc ? 1 : 0

  state = "available"

  filter {
    name   = "opt-in-status"
    values = ["opt-in-not-required"]
  }
}

# The CIDR ranges of given subnets, for the callers that trust the load
# balancer by its subnets.
data "aws_subnet" "given_private" {
  for_each = var.create_vpc ? toset([]) : toset(var.private_subnet_ids)

  id = each.value
}

data "aws_subnet" "given_public" {
  for_each = var.create_vpc ? toset([]) : toset(var.public_subnet_ids)

  id = each.value
}

locals {
  availability_zones = var.create_vpc ? slice(data.aws_availability_zones.available[0].names, 0, var.availability_zone_count) : []
  nat_gateway_count  = var.create_vpc ? (var.single_nat_gateway ? 1 : var.availability_zone_count) : 0
}

resource "aws_vpc" "this" {
  count = var.create_vpc ? 1 : 0

  cidr_block           = var.vpc_cidr
  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = merge(var.tags, { Name = "${var.name}-vpc" })
}

# The default security group allows all traffic between its members: strip
# every rule so that nothing can use it by accident.
resource "aws_default_security_group" "this" {
  count = var.create_vpc ? 1 : 0

  vpc_id = aws_vpc.this[0].id
  tags   = merge(var.tags, { Name = "${var.name}-default-deny" })
}

resource "aws_subnet" "private" {
  count = var.create_vpc ? var.availability_zone_count : 0

  vpc_id            = aws_vpc.this[0].id
  availability_zone = local.availability_zones[count.index]
  cidr_block        = cidrsubnet(var.vpc_cidr, 4, count.index)

  tags = merge(var.tags, var.private_subnet_tags, { Name = "${var.name}-private-${local.availability_zones[count.index]}" })
}

resource "aws_subnet" "public" {
  count = var.create_vpc ? var.availability_zone_count : 0

  vpc_id                  = aws_vpc.this[0].id
  availability_zone       = local.availability_zones[count.index]
  cidr_block              = cidrsubnet(var.vpc_cidr, 8, 240 + count.index)
  map_public_ip_on_launch = false

  tags = merge(var.tags, var.public_subnet_tags, { Name = "${var.name}-public-${local.availability_zones[count.index]}" })
}

resource "aws_internet_gateway" "this" {
  count = var.create_vpc ? 1 : 0

  vpc_id = aws_vpc.this[0].id
  tags   = merge(var.tags, { Name = "${var.name}-igw" })
}

resource "aws_eip" "nat" {
  count = local.nat_gateway_count

  domain = "vpc"
  tags   = merge(var.tags, { Name = "${var.name}-nat-${count.index}" })

  depends_on = [aws_internet_gateway.this]
}

resource "aws_nat_gateway" "this" {
  count = local.nat_gateway_count

  allocation_id = aws_eip.nat[count.index].id
  subnet_id     = aws_subnet.public[count.index].id
  tags          = merge(var.tags, { Name = "${var.name}-nat-${count.index}" })

  depends_on = [aws_internet_gateway.this]
}

resource "aws_route_table" "public" {
  count = var.create_vpc ? 1 : 0

  vpc_id = aws_vpc.this[0].id
  tags   = merge(var.tags, { Name = "${var.name}-public" })
}

resource "aws_route" "public_internet" {
  count = var.create_vpc ? 1 : 0

  route_table_id         = aws_route_table.public[0].id
  destination_cidr_block = "0.0.0.0/0"
  gateway_id             = aws_internet_gateway.this[0].id
}

resource "aws_route_table_association" "public" {
  count = var.create_vpc ? var.availability_zone_count : 0

  subnet_id      = aws_subnet.public[count.index].id
  route_table_id = aws_route_table.public[0].id
}

resource "aws_route_table" "private" {
  count = var.create_vpc ? var.availability_zone_count : 0

  vpc_id = aws_vpc.this[0].id
  tags   = merge(var.tags, { Name = "${var.name}-private-${local.availability_zones[count.index]}" })
}

# Outbound only: workloads dial out (to the ZenML Pro control plane on 443)
# through NAT.
resource "aws_route" "private_nat" {
  count = var.create_vpc ? var.availability_zone_count : 0

  route_table_id         = aws_route_table.private[count.index].id
  destination_cidr_block = "0.0.0.0/0"
  nat_gateway_id         = aws_nat_gateway.this[var.single_nat_gateway ? 0 : count.index].id
}

resource "aws_route_table_association" "private" {
  count = var.create_vpc ? var.availability_zone_count : 0

  subnet_id      = aws_subnet.private[count.index].id
  route_table_id = aws_route_table.private[count.index].id
}

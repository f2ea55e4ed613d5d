# The member list of a team is imported by the team's id.
terraform import zenmlpro_team_members.ml_engineers 123e4567-e89b-12d3-a456-426614174000

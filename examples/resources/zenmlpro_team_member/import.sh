# A user membership is imported by "<team_id>/<user_id>" or by "<team_id>/<email>" (the team's member
# with that address), an invitation's membership by "<team_id>/invitation:<invitation_id>" (the
# resource's id has the same form). Either way email is filled in, so the configuration may name the
# member by user_id or by email without planning a replacement.
terraform import zenmlpro_team_member.ann 123e4567-e89b-12d3-a456-426614174000/0b7e3c5a-2f4d-4e8a-9c1b-6d5f4a3b2c1d
terraform import zenmlpro_team_member.cy 123e4567-e89b-12d3-a456-426614174000/cy@example.com
terraform import zenmlpro_team_member.dana 123e4567-e89b-12d3-a456-426614174000/invitation:7c9e6679-7425-40de-944b-e07fc1f90ae7

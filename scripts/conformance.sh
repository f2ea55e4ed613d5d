#!/usr/bin/env bash
# make conformance: runs cmd/zenmlpro-conformance against a built zenmlpro-mock twice and checks
# its verdicts and exit status:
#   the plain mock                             every call served, every field checked, exit 0
#   the mock --without sso,service_accounts    exactly the SSO and service-account calls not
#                                              served, every other call served, exit 1
# Before each run it makes one object of every kind the check reads (a team with an invited
# member, two workspaces, an SSO configuration), so that no call goes unchecked for want of one.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

bin_dir=${BIN_DIR:-$PWD/bin}
work=$(mktemp -d)
cleanup() {
  stop_mock
  rm -rf "$work"
}
trap cleanup EXIT
go build -o "$work/zenmlpro-conformance" ./cmd/zenmlpro-conformance

# seed: the objects, through the API as a user would make them. A call the mock does not serve
# (a switched-off group) is skipped.
seed() {
  python3 - "$MOCK_URL" "$MOCK_KEY" "$MOCK_ORG" <<'PY'
import json, sys, urllib.error, urllib.parse, urllib.request
url, key, org = sys.argv[1:]

def call(method, path, body=None, form=None, token=None):
    data, headers = None, {}
    if form is not None:
        data = urllib.parse.urlencode(form).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    elif body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    if token:
        headers["Authorization"] = "Bearer " + token
    req = urllib.request.Request(url + path, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(req) as resp:
            return json.load(resp)
    except urllib.error.HTTPError as err:
        detail = json.load(err).get("detail")
        if err.code == 404 and detail == "Not Found":
            return None  # not served here
        sys.exit(f"seeding: {method} {path}: HTTP {err.code} {detail}")

token = call("POST", "/auth/login", form={"password": key})["access_token"]
role = call("GET", f"/organizations/{org}/roles?level=organization&name=Organization+Member", token=token)[0]
invitation = call("POST", f"/organizations/{org}/invitations", {"email": "dana@example.com", "role_id": role["id"]}, token=token)
team = call("POST", "/teams", {"organization_id": org, "name": "ml-engineers", "description": ""}, token=token)
call("POST", f"/teams/{team['id']}/members?invitation_id={invitation['id']}", token=token)
call("POST", "/workspaces?enroll=true", {"name": "hybrid", "organization_id": org}, token=token)
call("POST", "/workspaces", {"name": "managed", "organization_id": org, "is_managed": True}, token=token)
call("PUT", f"/organizations/{org}/sso", {"enabled": True, "protocol": "oidc", "issuer_url": "https://login.example.com",
     "client_id": "zenml", "client_secret": "seeded-secret", "scopes": ["openid"], "domains": [],
     "jit_provisioning": False, "default_role_id": None, "enforce_sso": False}, token=token)
PY
}

# check NAME WANT_EXIT NOT_SERVED...: runs the check against the running mock, prints its report,
# and fails unless it exited WANT_EXIT, reported exactly the NOT_SERVED calls as not served, and
# served every other call with its fields checked (SSO and reads by id of switched-off groups aside).
check() {
  local name=$1 want_exit=$2
  shift 2
  set +e
  ZENML_PRO_API_URL=$MOCK_URL ZENML_PRO_API_KEY=$MOCK_KEY ZENML_PRO_ORGANIZATION_ID=$MOCK_ORG \
    "$work/zenmlpro-conformance" >"$work/$name.out" 2>&1
  local rc=$?
  set -e
  cat "$work/$name.out"
  if [ "$rc" -ne "$want_exit" ]; then
    echo "FAIL: zenmlpro-conformance against $name exited $rc, want $want_exit" >&2
    return 1
  fi
  python3 - "$work/$name.out" "$name" "$@" <<'PY'
import re, sys
out, name, want = sys.argv[1], sys.argv[2], sys.argv[3:]
lines = [re.split(r"\s{2,}", l, maxsplit=3) for l in open(out).read().splitlines() if l.startswith("GET ")]
if len(lines) < 20:
    sys.exit(f"FAIL: {name}: only {len(lines)} call lines in the report")
bad = []
for call, verdict, _mark, detail in lines:
    if call in want:
        if verdict != "not served":
            bad.append(f"{call}: {verdict}, want not served")
    elif verdict != "served" or not detail.startswith("fields match"):
        bad.append(f"{call}: {verdict} ({detail}), want served with its fields checked")
missing = set(want) - {l[0] for l in lines}
if missing:
    bad.append(f"no line for {sorted(missing)}")
if bad:
    sys.exit(f"FAIL: {name}:\n  " + "\n  ".join(bad))
print(f"==> {name}: as expected ({len(lines)} calls, {len(want)} not served)")
PY
}

echo "==> zenmlpro-conformance against zenmlpro-mock"
start_mock "$bin_dir/zenmlpro-mock" "$work" --user ann@example.com
seed
check plain 0
stop_mock

echo
echo "==> zenmlpro-conformance against zenmlpro-mock --without sso,service_accounts"
start_mock "$bin_dir/zenmlpro-mock" "$work" --user ann@example.com --without sso,service_accounts
seed
check without-sso-service-accounts 1 \
  "GET /organizations/{org}/sso" \
  "GET /organizations/{org}/service_accounts" \
  "GET /organizations/{org}/service_accounts/{id}" \
  "GET /organizations/{org}/service_accounts/{id}/api_keys" \
  "GET /organizations/{org}/service_accounts/{id}/api_keys/{key}"

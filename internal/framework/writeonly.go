package framework

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Write-only attributes (Terraform 1.11+) never reach the plan or the state, so Terraform cannot
// see when their value changes: a resource sends one only when its companion <name>_version
// changes. To still catch the common mistake of changing the secret and forgetting the version,
// the resource keeps the SHA-256 of the value it last sent in its private state (never the value
// itself) and compares the configured value with it at plan time.

// PrivateStateReader is the read half of a resource's private state (ModifyPlan only reads it).
type PrivateStateReader interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

// WriteOnlyHash is the hex SHA-256 of a write-only value.
func WriteOnlyHash(value string) string {
	sum := sha256.Sum256([]byte(value))
	return hex.EncodeToString(sum[:])
}

func writeOnlyHashKey(attr string) string { return attr + "_sha256" }

// RecordWriteOnlySent remembers (as a hash) the value of attr just sent to the API.
func RecordWriteOnlySent(ctx context.Context, private PrivateState, attr, value string) diag.Diagnostics {
	// Private state values must be JSON: a quoted hex string.
	raw, _ := json.Marshal(WriteOnlyHash(value))
	return private.SetKey(ctx, writeOnlyHashKey(attr), raw)
}

// WriteOnlySentHash returns the hash recorded for attr, "" when none is (after an import, or
// before the first value was sent).
func WriteOnlySentHash(ctx context.Context, private PrivateStateReader, attr string) string {
	if private == nil {
		return ""
	}
	raw, diags := private.GetKey(ctx, writeOnlyHashKey(attr))
	var hash string
	if diags.HasError() || json.Unmarshal(raw, &hash) != nil {
		return ""
	}
	return hash
}

// WriteOnlyChangedUnsent reports whether the configured value of a write-only attribute differs
// from the one last sent while its version stays the same, so that the apply would not send it.
// Nothing is reported when the value is null or unknown, or when no hash was recorded.
func WriteOnlyChangedUnsent(sentHash string, configured types.String, versionChanged bool) bool {
	if versionChanged || sentHash == "" || configured.IsNull() || configured.IsUnknown() {
		return false
	}
	return WriteOnlyHash(configured.ValueString()) != sentHash
}

// WarnWriteOnlyChangedUnsent adds the plan-time warning for WriteOnlyChangedUnsent.
func WarnWriteOnlyChangedUnsent(ctx context.Context, private PrivateStateReader, attr, versionAttr string,
	configured types.String, versionChanged bool, diags *diag.Diagnostics) {
	if !WriteOnlyChangedUnsent(WriteOnlySentHash(ctx, private, attr), configured, versionChanged) {
		return
	}
	diags.AddAttributeWarning(path.Root(attr), fmt.Sprintf("%s changed, but %s did not", attr, versionAttr),
		fmt.Sprintf("The value of %s in the configuration differs from the one last sent to the API, but %s is unchanged, "+
			"so this apply will not send it: a write-only value is sent only when its version changes. To send the new "+
			"value, change %s (for example, increment it).", attr, versionAttr, versionAttr))
}

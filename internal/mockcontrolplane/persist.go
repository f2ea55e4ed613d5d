package mockcontrolplane

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// saveTo writes the state as indented JSON to a temporary file beside path, then renames it over
// path: a crash or a concurrent reader never sees half a file.
func (s *Server) saveTo(path string) error {
	state := s.Snapshot()
	data, err := json.MarshalIndent(state, "", "  ")
	if err != nil {
		return fmt.Errorf("encode state: %w", err)
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("save state: %w", err)
	}
	defer os.Remove(tmp.Name()) // after a successful rename there is nothing left to remove
	if _, err := tmp.Write(append(data, '\n')); err != nil {
		tmp.Close()
		return fmt.Errorf("save state: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("save state: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("save state: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("save state: %w", err)
	}
	return nil
}

// load replaces the store with the file's state when the file exists; a missing file is a fresh
// start, a damaged one an error (better than silently starting empty and overwriting it on exit).
func (s *Server) load(path string) error {
	if !fileExists(path) {
		return nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("load state: %w", err)
	}
	var state State
	if err := json.Unmarshal(data, &state); err != nil {
		return fmt.Errorf("load state from %s: %w", path, err)
	}
	if err := migrateState(&state); err != nil {
		return fmt.Errorf("load state from %s: %w", path, err)
	}
	var offset time.Duration
	if state.ClockOffset != "" {
		if offset, err = time.ParseDuration(state.ClockOffset); err != nil || offset < 0 {
			return fmt.Errorf("load state from %s: bad clock_offset %q", path, state.ClockOffset)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st = storeFromState(state)
	s.clockOffset.Store(int64(offset))
	return nil
}

// migrateState brings a state of an earlier version up to stateVersion, so that a --state file
// written by an older mock keeps its objects, ids and keys.
func migrateState(state *State) error {
	switch state.Version {
	case stateVersion:
		return nil
	case 1:
		// Version 1 kept service accounts apart from users: their assignments had subject type
		// service_account, and they had a name (then username-like: unique, no spaces) but no
		// username. Invitations had exactly one role.
		// Service accounts had no last_login of their own: it is their keys' latest login.
		for i := range state.ServiceAccounts {
			sa := &state.ServiceAccounts[i]
			if sa.Username == "" {
				sa.Username = sa.Name
			}
			for _, k := range state.APIKeys {
				if k.ServiceAccountID == sa.ID && k.LastLogin != nil && (sa.LastLogin == nil || k.LastLogin.After(*sa.LastLogin)) {
					sa.LastLogin = clonePtr(k.LastLogin)
				}
			}
		}
		for i := range state.Assignments {
			if a := &state.Assignments[i]; a.SubjectType == legacySubjectServiceAccount {
				a.SubjectType = subjectUser
			}
		}
		for i := range state.Invitations {
			if inv := &state.Invitations[i]; len(inv.RoleIDs) == 0 && inv.LegacyRoleID != "" {
				inv.RoleIDs = []string{inv.LegacyRoleID}
			}
			state.Invitations[i].LegacyRoleID = ""
		}
		state.Version = stateVersion
		return nil
	}
	return fmt.Errorf("version %d is not one this mock reads (1 to %d)", state.Version, stateVersion)
}

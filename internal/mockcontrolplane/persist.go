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
	if state.Version != stateVersion {
		return fmt.Errorf("load state from %s: version %d, want %d", path, state.Version, stateVersion)
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

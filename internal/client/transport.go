package client

import (
	"context"
	"io"
	"net/http"
	"regexp"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// secretPattern matches credentials by the shapes that are public: API keys (ZENPROKEY_...) and
// bearer tokens after "Bearer". The client logs no bodies or headers at all; the masks are a second
// line of defence for anything (an error detail, say) that might echo one. Enrollment keys have no
// promised shape, so every secret the client holds or receives is also masked by its value
// (secretSet).
var secretPattern = regexp.MustCompile(`(?i)ZENPROKEY_[A-Za-z0-9_\-]+|bearer\s+[A-Za-z0-9._\-]+`)

// maskSecrets masks, in every log line and field written with ctx, the known secret values and
// anything of a credential's public shape.
func (c *Client) maskSecrets(ctx context.Context) context.Context {
	if values := c.secrets.list(); len(values) > 0 {
		ctx = tflog.MaskMessageStrings(ctx, values...)
		ctx = tflog.MaskAllFieldValuesStrings(ctx, values...)
	}
	ctx = tflog.MaskMessageRegexes(ctx, secretPattern)
	return tflog.MaskAllFieldValuesRegexes(ctx, secretPattern)
}

// maxSecrets bounds secretSet: the oldest values (tokens long replaced, keys long rotated) go first.
const maxSecrets = 1000

// secretSet is every secret value the client was given or received: its API key or access token,
// the tokens it logged in to, and the API keys and enrollment keys the API returned.
type secretSet struct {
	mu     sync.Mutex
	values []string
}

// add records v (values shorter than 8 characters are not secrets worth masking, and masking them
// would garble ordinary log text).
func (s *secretSet) add(v string) {
	if len(v) < 8 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, have := range s.values {
		if have == v {
			return
		}
	}
	s.values = append(s.values, v)
	if len(s.values) > maxSecrets {
		s.values = s.values[len(s.values)-maxSecrets:]
	}
}

func (s *secretSet) list() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.values...)
}

// loggingTransport sits under retryablehttp, so it sees every attempt: it applies the client-side
// rate limit and writes one debug line per attempt (method, path, status, duration, attempt).
// Query strings, headers and bodies are never logged.
type loggingTransport struct {
	next    http.RoundTripper
	limiter *limiter
	timeout time.Duration // per attempt, from after the limiter's wait until the body is closed
}

func (t *loggingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	ctx := r.Context()
	if err := t.limiter.wait(ctx); err != nil {
		return nil, err
	}
	path := r.URL.Path
	attempt := int32(1)
	if info, ok := ctx.Value(callInfoKey{}).(*callInfo); ok {
		path = info.path
		attempt = info.attempts.Add(1)
	}
	cancel := context.CancelFunc(func() {})
	if t.timeout > 0 {
		var attemptCtx context.Context
		attemptCtx, cancel = context.WithTimeout(ctx, t.timeout)
		r = r.WithContext(attemptCtx)
	}
	start := time.Now()
	resp, err := t.next.RoundTrip(r)
	if err != nil {
		cancel()
	} else {
		// The attempt's deadline covers reading the body too; it ends when the body is closed.
		resp.Body = &cancelOnClose{ReadCloser: resp.Body, cancel: cancel}
	}
	fields := map[string]any{
		"method":      r.Method,
		"path":        path,
		"attempt":     attempt,
		"duration_ms": time.Since(start).Milliseconds(),
	}
	if err != nil {
		fields["error"] = err.Error()
	} else {
		fields["status"] = resp.StatusCode
	}
	tflog.Debug(ctx, "ZenML Pro API request", fields)
	return resp, err
}

// limiter spaces requests at least 1/rate apart (a token bucket with a burst of one). A nil
// limiter does nothing.
type limiter struct {
	mu       sync.Mutex
	interval time.Duration
	next     time.Time
}

func newLimiter(perSecond float64) *limiter {
	if perSecond <= 0 {
		return nil
	}
	return &limiter{interval: time.Duration(float64(time.Second) / perSecond)}
}

func (l *limiter) wait(ctx context.Context) error {
	if l == nil {
		return nil
	}
	l.mu.Lock()
	now := time.Now()
	if l.next.Before(now) {
		l.next = now
	}
	delay := l.next.Sub(now)
	l.next = l.next.Add(l.interval)
	l.mu.Unlock()
	if delay <= 0 {
		return nil
	}
	return sleep(ctx, delay)
}

// cancelOnClose releases an attempt's timeout when its response body is closed.
type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (b *cancelOnClose) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}

package client

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// retryAfterCap bounds how long a Retry-After header can make one wait last.
const retryAfterCap = 60 * time.Second

// connectRetries is how many times a request is retried when no connection could be made at all
// (refused, no route, a name that does not resolve for now). Nothing listening at api_url is almost
// always a wrong URL or an outage, which waiting does not fix; two quick retries (about a second
// and a half with the default backoff) still ride out a server or proxy that restarts. The full
// max_retries stay for answers that say "try again" and for connections dropped mid-request.
const connectRetries = 2

// checkRetry retries connection errors and the statuses that say "try again": 429, 408, 500,
// 502, 503 and 504. It never retries 4xx answers about the request itself (400, 403, 404, 409,
// 422), nor 501. A failure to connect at all is retried connectRetries times at most; a host name
// that does not exist, not at all.
//
// A checked call (a create or a PATCH: request.checked) is retried here only where the API
// certainly did nothing: 429, 408, and a connection that was never made. After a 500, a 502-504
// or a connection lost once the request was sent, the work may have been done; the caller finds
// out what happened before it tries again (outcome.go).
func checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	info, _ := ctx.Value(callInfoKey{}).(*callInfo)
	checked := info != nil && info.checked
	if err != nil {
		switch {
		case !retryableTransportError(err), unknownHost(err):
			return false, err
		case checked && !sentNothing(err):
			return false, err // the request may have arrived: outcome.go finds out
		case connectFailure(err):
			return attemptsSoFar(ctx) <= connectRetries, err
		}
		return true, err
	}
	switch resp.StatusCode {
	case http.StatusTooManyRequests, http.StatusRequestTimeout:
		return true, nil
	case http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return !checked, nil
	}
	return false, nil
}

// sentNothing reports a transport error that happened before the request left: no connection
// (refused, unreachable, a name that does not resolve). Such an attempt did nothing anywhere.
func sentNothing(err error) bool {
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return true
	}
	var opErr *net.OpError
	return errors.As(err, &opErr) && (opErr.Op == "dial" || opErr.Op == "proxyconnect")
}

// retryableTransportError leaves out errors no retry can fix: a bad certificate, a bad URL scheme.
func retryableTransportError(err error) bool {
	// crypto/x509 returns these errors as values, not pointers: the targets must be values too.
	var certErr x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var invalidErr x509.CertificateInvalidError
	var verifyErr *tls.CertificateVerificationError
	if errors.As(err, &certErr) || errors.As(err, &hostErr) || errors.As(err, &invalidErr) || errors.As(err, &verifyErr) {
		return false
	}
	var ue *url.Error
	if errors.As(err, &ue) && ue.Op == "parse" {
		return false
	}
	return true
}

// unknownHost reports a DNS answer that the name does not exist: no retry makes it exist.
func unknownHost(err error) bool {
	var dnsErr *net.DNSError
	return errors.As(err, &dnsErr) && dnsErr.IsNotFound
}

// connectFailure reports an attempt that never reached the server: the dial failed (refused,
// unreachable, timed out) or the name did not resolve for now.
func connectFailure(err error) bool {
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return true
	}
	var opErr *net.OpError
	return errors.As(err, &opErr) && opErr.Op == "dial"
}

// attemptsSoFar is how many attempts of the current call the transport has made (1 during the
// first); 1 when the call carries no count (a request not built by Client.send).
func attemptsSoFar(ctx context.Context) int {
	if info, ok := ctx.Value(callInfoKey{}).(*callInfo); ok {
		if n := int(info.attempts.Load()); n > 0 {
			return n
		}
	}
	return 1
}

// backoff waits as the server asks (Retry-After, in seconds or as a date) or else exponentially
// from min to max with jitter, so that parallel callers do not retry in lockstep.
func backoff(minWait, maxWait time.Duration, attempt int, resp *http.Response) time.Duration {
	if resp != nil {
		if d, ok := retryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
			return d
		}
	}
	wait := minWait
	for i := 0; i < attempt && wait < maxWait; i++ {
		wait *= 2
	}
	if wait > maxWait {
		wait = maxWait
	}
	// Equal jitter: half fixed, half random, so that the wait still grows with each attempt.
	half := wait / 2
	return half + time.Duration(rand.Int64N(int64(half)+1))
}

// retryAfter parses a Retry-After header value.
func retryAfter(value string, now time.Time) (time.Duration, bool) {
	if value == "" {
		return 0, false
	}
	var d time.Duration
	if secs, err := strconv.ParseFloat(value, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		d = time.Duration(secs * float64(time.Second))
	} else if at, err := http.ParseTime(value); err == nil {
		d = max(at.Sub(now), 0)
	} else {
		return 0, false
	}
	return min(d, retryAfterCap), true
}

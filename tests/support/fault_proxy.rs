//! A fault-injecting HTTP/1.1 proxy for tests: put it between an AWS SDK client and an emulator
//! to prove that code survives throttling, server errors and dropped connections.
//!
//! ```ignore
//! let proxy = FaultProxy::start(local_aws().endpoint(), FaultPlan { throttle: 0.3, seed: 7, ..FaultPlan::default() });
//! let s3 = aws_sdk_s3::Client::from_conf(
//!     aws_sdk_s3::config::Builder::from(&sdk_config).endpoint_url(proxy.url()).force_path_style(true).build());
//! // ... exercise the code ...
//! assert!(proxy.stats().throttled > 0);
//! ```
//!
//! Every request draws one outcome from a seeded generator, in this order of the plan's
//! fractions: throttle, http500, http503, drop_before, drop_after, else forward unchanged.
//! Faulty replies are written in the calling service's wire protocol, so the SDK classifies them
//! as a real service would be classified (throttling, transient) and retries them.
//!
//! A plan's `latency` delays every request before it is answered or forwarded, as a network
//! round trip to AWS would: an emulator on localhost answers in a few milliseconds, which hides
//! what concurrency buys against the real thing. The delay is a timer, so requests on other
//! connections wait in parallel, as they would on a network.
//!
//! The proxy runs on its own thread and tokio runtime, so it works from any test, sync or async,
//! whatever runtime the test uses; dropping the `FaultProxy` stops it.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::header::{self, HeaderMap, HeaderValue};
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode, Uri};
use hyper_util::rt::TokioIo;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// What fraction of requests gets each fault (each in 0..=1, summing to at most 1), the seed
/// that makes the sequence of outcomes reproducible, and the latency added to every request.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct FaultPlan {
    /// Reply with the protocol's throttling error without forwarding.
    pub throttle: f64,
    /// Reply HTTP 500 without forwarding.
    pub http500: f64,
    /// Reply HTTP 503 without forwarding.
    pub http503: f64,
    /// Close the connection without forwarding: the upstream never sees the request.
    pub drop_before: f64,
    /// Forward, let the upstream execute the request, then close the connection instead of
    /// replying: the client cannot know the call succeeded (the hard case for idempotency).
    pub drop_after: f64,
    pub seed: u64,
    /// Waited before answering or forwarding each request, faults included.
    pub latency: Duration,
    /// Answer 403 `AccessDenied`, without forwarding, to every request whose body contains this
    /// text: e.g. one account's role ARN, so that STS refuses to let anyone assume it (no
    /// emulator checks a role's trust policy).
    pub refuse: Option<&'static str>,
}

impl FaultPlan {
    fn validate(&self) {
        let parts = [
            self.throttle,
            self.http500,
            self.http503,
            self.drop_before,
            self.drop_after,
        ];
        assert!(
            parts.iter().all(|p| (0.0..=1.0).contains(p)) && parts.iter().sum::<f64>() <= 1.0,
            "fault plan fractions must each be in 0..=1 and sum to at most 1: {self:?}"
        );
    }
}

/// How many requests the proxy saw and what it did with them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FaultStats {
    pub requests: u64,
    /// Forwarded and answered (drop_after requests are forwarded but counted there instead).
    pub forwarded: u64,
    pub throttled: u64,
    pub http500: u64,
    pub http503: u64,
    pub dropped_before: u64,
    pub dropped_after: u64,
    /// Requests the upstream could not be reached for (answered 502).
    pub upstream_errors: u64,
    /// Answered `AccessDenied` because their body matched [`FaultPlan::refuse`].
    pub refused: u64,
}

impl FaultStats {
    /// The number of injected faults of all kinds.
    pub fn faults(&self) -> u64 {
        self.throttled + self.http500 + self.http503 + self.dropped_before + self.dropped_after
    }
}

/// A running proxy; dropping it stops it.
pub struct FaultProxy {
    addr: SocketAddr,
    shared: Arc<Shared>,
    shutdown: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl FaultProxy {
    /// Starts a proxy on 127.0.0.1 (a free port) in front of `upstream`, an `http://host:port`
    /// URL such as `local_aws().endpoint()`.
    pub fn start(upstream: impl AsRef<str>, plan: FaultPlan) -> FaultProxy {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("fault proxy: bind");
        FaultProxy::start_on(listener, upstream, plan)
    }

    /// Like [`FaultProxy::start`], on a listener the caller bound: its address is known before
    /// the proxy's thread starts (e.g. to put it in the environment while single-threaded).
    pub fn start_on(
        listener: std::net::TcpListener,
        upstream: impl AsRef<str>,
        plan: FaultPlan,
    ) -> FaultProxy {
        plan.validate();
        let upstream = upstream.as_ref();
        let uri: Uri = upstream
            .parse()
            .unwrap_or_else(|e| panic!("fault proxy: bad upstream URL {upstream:?}: {e}"));
        assert_eq!(
            uri.scheme_str(),
            Some("http"),
            "fault proxy: upstream must be http://host:port, got {upstream:?}"
        );
        let host = uri.host().expect("upstream URL has a host");
        let upstream = format!("{host}:{}", uri.port_u16().unwrap_or(80));

        listener
            .set_nonblocking(true)
            .expect("fault proxy: set_nonblocking");
        let addr = listener.local_addr().expect("fault proxy: local_addr");
        let shared = Arc::new(Shared {
            upstream,
            state: Mutex::new(State {
                plan,
                // xorshift needs a non-zero state.
                rng: (plan.seed ^ 0x9E37_79B9_7F4A_7C15).max(1),
                stats: FaultStats::default(),
            }),
        });
        let (shutdown, stop) = oneshot::channel();
        let serving = Arc::clone(&shared);
        let thread = std::thread::Builder::new()
            .name(format!("fault-proxy-{}", addr.port()))
            .spawn(move || serve(listener, serving, stop))
            .expect("fault proxy: spawn thread");
        FaultProxy {
            addr,
            shared,
            shutdown: Some(shutdown),
            thread: Some(thread),
        }
    }

    /// The proxy's URL, to use as a client's endpoint.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// A snapshot of the counters.
    pub fn stats(&self) -> FaultStats {
        self.shared.lock().stats
    }

    /// Changes the plan from the next request on (e.g. faults off to check the end state).
    pub fn set_plan(&self, plan: FaultPlan) {
        plan.validate();
        self.shared.lock().plan = plan;
    }
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

struct Shared {
    /// `host:port` of the upstream.
    upstream: String,
    state: Mutex<State>,
}

struct State {
    plan: FaultPlan,
    rng: u64,
    stats: FaultStats,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Outcome {
    Forward,
    Throttle,
    Http500,
    Http503,
    DropBefore,
    DropAfter,
}

/// Returned by the service to make hyper close the connection without a response.
#[derive(Debug)]
struct DropConnection;

impl std::fmt::Display for DropConnection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by the fault proxy")
    }
}

impl std::error::Error for DropConnection {}

impl Shared {
    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // A panicking test thread must not hide the counters from the others.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Counts the request and draws its outcome and delay.
    fn draw(&self) -> (u64, Outcome, Duration) {
        let mut st = self.lock();
        st.stats.requests += 1;
        let r = next_unit(&mut st.rng);
        let p = st.plan;
        let table = [
            (p.throttle, Outcome::Throttle),
            (p.http500, Outcome::Http500),
            (p.http503, Outcome::Http503),
            (p.drop_before, Outcome::DropBefore),
            (p.drop_after, Outcome::DropAfter),
        ];
        let mut edge = 0.0;
        let outcome = table
            .iter()
            .find(|(fraction, _)| {
                edge += fraction;
                r < edge
            })
            .map_or(Outcome::Forward, |&(_, o)| o);
        (st.stats.requests, outcome, p.latency)
    }

    fn count(&self, f: impl FnOnce(&mut FaultStats)) {
        f(&mut self.lock().stats)
    }

    async fn handle(
        &self,
        req: Request<Incoming>,
    ) -> Result<Response<Full<Bytes>>, DropConnection> {
        let (n, outcome, latency) = self.draw();
        if !latency.is_zero() {
            tokio::time::sleep(latency).await;
        }
        let protocol = Protocol::of(req.headers());
        let request_id = format!("fault-proxy-{n}");
        let (parts, body) = req.into_parts();
        let Ok(body) = body.collect().await.map(|b| b.to_bytes()) else {
            return Err(DropConnection);
        };
        let refuse = self.lock().plan.refuse;
        if let Some(text) = refuse
            && body.windows(text.len()).any(|w| w == text.as_bytes())
        {
            self.count(|s| s.refused += 1);
            return Ok(protocol.error(StatusCode::FORBIDDEN, "AccessDenied", &request_id));
        }
        match outcome {
            Outcome::Throttle => {
                self.count(|s| s.throttled += 1);
                Ok(protocol.throttling(&request_id))
            }
            Outcome::Http500 => {
                self.count(|s| s.http500 += 1);
                Ok(protocol.server_error(StatusCode::INTERNAL_SERVER_ERROR, &request_id))
            }
            Outcome::Http503 => {
                self.count(|s| s.http503 += 1);
                Ok(protocol.server_error(StatusCode::SERVICE_UNAVAILABLE, &request_id))
            }
            Outcome::DropBefore => {
                self.count(|s| s.dropped_before += 1);
                Err(DropConnection)
            }
            Outcome::Forward | Outcome::DropAfter => match self.forward(parts, body).await {
                Ok(_) if outcome == Outcome::DropAfter => {
                    self.count(|s| s.dropped_after += 1);
                    Err(DropConnection)
                }
                Ok(response) => {
                    self.count(|s| s.forwarded += 1);
                    Ok(response)
                }
                Err(e) => {
                    self.count(|s| s.upstream_errors += 1);
                    let msg = format!("fault proxy: upstream {} failed: {e}\n", self.upstream);
                    let mut resp = Response::new(Full::new(Bytes::from(msg)));
                    *resp.status_mut() = StatusCode::BAD_GATEWAY;
                    Ok(resp)
                }
            },
        }
    }

    /// Sends the request upstream on a fresh connection, buffering both bodies (test payloads are
    /// small). The Host header is kept: it is part of what the client signed.
    async fn forward(
        &self,
        mut parts: hyper::http::request::Parts,
        body: Bytes,
    ) -> Result<Response<Full<Bytes>>, BoxError> {
        strip_hop_by_hop(&mut parts.headers);
        // The server already answered any `Expect: 100-continue` when we read the body.
        parts.headers.remove(header::EXPECT);
        let stream = TcpStream::connect(&self.upstream).await?;
        let (mut sender, conn) =
            hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
        tokio::spawn(conn);
        let response = sender
            .send_request(Request::from_parts(parts, Full::new(body)))
            .await?;
        let (mut parts, body) = response.into_parts();
        let body = body.collect().await?.to_bytes();
        strip_hop_by_hop(&mut parts.headers);
        Ok(Response::from_parts(parts, Full::new(body)))
    }
}

/// Headers that describe one connection rather than the message; hyper sets its own.
fn strip_hop_by_hop(headers: &mut HeaderMap) {
    for name in [
        header::CONNECTION,
        header::TRANSFER_ENCODING,
        header::TE,
        header::TRAILER,
        header::UPGRADE,
        header::PROXY_AUTHENTICATE,
        header::PROXY_AUTHORIZATION,
    ] {
        headers.remove(name);
    }
    headers.remove("keep-alive");
}

/// The proxy's thread: accept connections until the `FaultProxy` is dropped. Dropping the
/// runtime at the end aborts the connection tasks.
fn serve(listener: std::net::TcpListener, shared: Arc<Shared>, mut stop: oneshot::Receiver<()>) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("fault proxy: tokio runtime");
    runtime.block_on(async move {
        let listener = TcpListener::from_std(listener).expect("fault proxy: listener");
        loop {
            let stream = tokio::select! {
                _ = &mut stop => break,
                accepted = listener.accept() => match accepted {
                    Ok((stream, _)) => stream,
                    Err(_) => continue, // e.g. the client reset before accept: nothing to serve
                },
            };
            let shared = Arc::clone(&shared);
            tokio::spawn(async move {
                let service = service_fn(move |req| {
                    let shared = Arc::clone(&shared);
                    async move { shared.handle(req).await }
                });
                // An error here is expected: it is how DropConnection closes the socket.
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
}

/// The six AWS wire protocols, told apart by what the request looks like.
#[derive(Debug, Clone, PartialEq)]
enum Protocol {
    /// `X-Amz-Target` + `application/x-amz-json-1.0|1.1` (Glue, Athena, KMS, Kinesis,
    /// Firehose, CloudTrail). Holds the request's content type, echoed in errors.
    AwsJson(HeaderValue),
    /// Form-encoded `Action=...` (IAM, STS).
    AwsQuery,
    /// Form-encoded `Action=...` signed for `ec2`: errors in EC2's own envelope.
    Ec2Query,
    /// REST + XML (S3).
    RestXml,
    /// REST + JSON (Lake Formation).
    RestJson,
    /// Smithy RPC v2 with CBOR bodies (CloudWatch), named by the `smithy-protocol` header.
    RpcV2Cbor,
}

impl Protocol {
    fn of(headers: &HeaderMap) -> Protocol {
        let content_type = headers.get(header::CONTENT_TYPE);
        let ct = content_type.and_then(|v| v.to_str().ok()).unwrap_or("");
        if headers
            .get("smithy-protocol")
            .is_some_and(|v| v == "rpc-v2-cbor")
        {
            Protocol::RpcV2Cbor
        } else if headers.contains_key("x-amz-target") {
            let ct = content_type
                .cloned()
                .unwrap_or(HeaderValue::from_static("application/x-amz-json-1.1"));
            Protocol::AwsJson(ct)
        } else if ct.starts_with("application/x-www-form-urlencoded") {
            if signing_service(headers) == Some("ec2") {
                Protocol::Ec2Query
            } else {
                Protocol::AwsQuery
            }
        } else if signing_service(headers) == Some("s3") {
            Protocol::RestXml
        } else {
            Protocol::RestJson
        }
    }

    /// The throttling error the SDKs retry with backoff: its code is in aws-runtime's
    /// THROTTLING_ERRORS list.
    fn throttling(&self, request_id: &str) -> Response<Full<Bytes>> {
        match self {
            Protocol::AwsJson(_) | Protocol::RpcV2Cbor => {
                self.error(StatusCode::BAD_REQUEST, "ThrottlingException", request_id)
            }
            Protocol::RestJson => self.error(
                StatusCode::TOO_MANY_REQUESTS,
                "ThrottlingException",
                request_id,
            ),
            Protocol::AwsQuery => self.error(StatusCode::BAD_REQUEST, "Throttling", request_id),
            Protocol::Ec2Query => self.error(
                StatusCode::SERVICE_UNAVAILABLE,
                "RequestLimitExceeded",
                request_id,
            ),
            Protocol::RestXml => {
                self.error(StatusCode::SERVICE_UNAVAILABLE, "SlowDown", request_id)
            }
        }
    }

    /// A 500 or 503; the SDKs retry those as transient whatever the code says.
    fn server_error(&self, status: StatusCode, request_id: &str) -> Response<Full<Bytes>> {
        let code = match (self, status) {
            (_, StatusCode::SERVICE_UNAVAILABLE) => "ServiceUnavailable",
            (Protocol::RestXml, _) => "InternalError",
            _ => "InternalFailure",
        };
        self.error(status, code, request_id)
    }

    fn error(&self, status: StatusCode, code: &str, request_id: &str) -> Response<Full<Bytes>> {
        let message = format!("injected by the lakectl test fault proxy ({code})");
        let (content_type, body) = match self {
            Protocol::RpcV2Cbor => (
                HeaderValue::from_static("application/cbor"),
                cbor_error(code, &message),
            ),
            Protocol::AwsJson(ct) => (
                ct.clone(),
                format!(r#"{{"__type":"{code}","message":"{message}"}}"#).into_bytes(),
            ),
            Protocol::RestJson => (
                HeaderValue::from_static("application/json"),
                format!(r#"{{"__type":"{code}","message":"{message}"}}"#).into_bytes(),
            ),
            Protocol::AwsQuery => {
                let kind = if status.is_server_error() {
                    "Receiver"
                } else {
                    "Sender"
                };
                (
                    HeaderValue::from_static("text/xml"),
                    format!(
                        "<ErrorResponse><Error><Type>{kind}</Type><Code>{code}</Code>\
                         <Message>{message}</Message></Error>\
                         <RequestId>{request_id}</RequestId></ErrorResponse>"
                    )
                    .into_bytes(),
                )
            }
            Protocol::Ec2Query => (
                HeaderValue::from_static("text/xml"),
                format!(
                    "<Response><Errors><Error><Code>{code}</Code><Message>{message}</Message>\
                     </Error></Errors><RequestID>{request_id}</RequestID></Response>"
                )
                .into_bytes(),
            ),
            Protocol::RestXml => (
                HeaderValue::from_static("application/xml"),
                format!(
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{code}</Code>\
                     <Message>{message}</Message><RequestId>{request_id}</RequestId></Error>"
                )
                .into_bytes(),
            ),
        };
        let mut resp = Response::new(Full::new(Bytes::from(body)));
        *resp.status_mut() = status;
        let headers = resp.headers_mut();
        headers.insert(header::CONTENT_TYPE, content_type);
        if *self == Protocol::RpcV2Cbor {
            // The SDK refuses a reply that does not name the protocol it speaks.
            headers.insert("smithy-protocol", HeaderValue::from_static("rpc-v2-cbor"));
        }
        if matches!(self, Protocol::AwsJson(_) | Protocol::RestJson) {
            // awsJson and restJson clients read the error code from this header first.
            headers.insert(
                "x-amzn-errortype",
                HeaderValue::from_str(code).expect("ascii code"),
            );
        }
        headers.insert(
            "x-amzn-requestid",
            HeaderValue::from_str(request_id).expect("ascii id"),
        );
        resp
    }
}

/// `{"__type": code, "message": message}` in CBOR: a map of two text pairs (RFC 8949 major
/// types 5 and 3), all an rpc-v2-cbor error body needs.
fn cbor_error(code: &str, message: &str) -> Vec<u8> {
    fn text(out: &mut Vec<u8>, s: &str) {
        match s.len() {
            n @ 0..=23 => out.push(0x60 | n as u8),
            n @ 24..=255 => out.extend([0x78, n as u8]),
            n => out.extend([0x79, (n >> 8) as u8, n as u8]),
        }
        out.extend_from_slice(s.as_bytes());
    }
    let mut out = vec![0xa2];
    for s in ["__type", code, "message", message] {
        text(&mut out, s);
    }
    out
}

/// The service name in a SigV4 `Authorization` header's credential scope
/// (`Credential=AKID/20260101/us-east-1/s3/aws4_request`).
fn signing_service(headers: &HeaderMap) -> Option<&str> {
    let auth = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let scope = auth.split("Credential=").nth(1)?.split(',').next()?;
    scope.split('/').nth(3)
}

/// xorshift64* (Vigna): a tiny deterministic generator, plenty for choosing faults. Returns a
/// number in [0, 1).
fn next_unit(state: &mut u64) -> f64 {
    let mut x = *state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *state = x;
    (x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(k, v)| {
                (
                    header::HeaderName::from_static(k),
                    HeaderValue::from_static(v),
                )
            })
            .collect()
    }

    #[test]
    fn detects_protocols() {
        let sig = "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/s3/aws4_request, \
                   SignedHeaders=host, Signature=abc";
        assert_eq!(
            Protocol::of(&headers(&[
                ("x-amz-target", "AWSGlue.GetDatabase"),
                ("content-type", "application/x-amz-json-1.1")
            ])),
            Protocol::AwsJson(HeaderValue::from_static("application/x-amz-json-1.1"))
        );
        assert_eq!(
            Protocol::of(&headers(&[(
                "content-type",
                "application/x-www-form-urlencoded; charset=utf-8"
            )])),
            Protocol::AwsQuery
        );
        assert_eq!(
            Protocol::of(&headers(&[("authorization", sig)])),
            Protocol::RestXml
        );
        let ec2 = "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/ec2/aws4_request, \
                   SignedHeaders=host, Signature=abc";
        assert_eq!(
            Protocol::of(&headers(&[
                ("content-type", "application/x-www-form-urlencoded"),
                ("authorization", ec2)
            ])),
            Protocol::Ec2Query
        );
        assert_eq!(
            Protocol::of(&headers(&[("content-type", "application/json")])),
            Protocol::RestJson
        );
        assert_eq!(
            Protocol::of(&headers(&[
                ("smithy-protocol", "rpc-v2-cbor"),
                ("content-type", "application/cbor"),
            ])),
            Protocol::RpcV2Cbor
        );
    }

    #[test]
    fn cbor_errors_are_a_map_of_two_text_pairs() {
        assert_eq!(
            cbor_error("X", "m"),
            [
                0xa2, 0x66, b'_', b'_', b't', b'y', b'p', b'e', 0x61, b'X', 0x67, b'm', b'e', b's',
                b's', b'a', b'g', b'e', 0x61, b'm'
            ]
        );
        let long = "m".repeat(30);
        assert_eq!(cbor_error("X", &long)[18..20], [0x78, 30]);
    }

    #[test]
    fn draws_are_deterministic_and_follow_the_plan() {
        let plan = FaultPlan {
            throttle: 0.5,
            seed: 42,
            ..FaultPlan::default()
        };
        let draws = |plan: FaultPlan| {
            let proxy = FaultProxy::start("http://127.0.0.1:9", plan);
            (0..1000).map(|_| proxy.shared.draw().1).collect::<Vec<_>>()
        };
        let a = draws(plan);
        assert_eq!(a, draws(plan));
        let throttled = a.iter().filter(|o| **o == Outcome::Throttle).count();
        assert!((450..=550).contains(&throttled), "{throttled} of 1000");
        assert!(
            a.iter()
                .all(|o| matches!(o, Outcome::Throttle | Outcome::Forward))
        );
    }
}

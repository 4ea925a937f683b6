//! Whole-second timestamps in CloudWatch's CBOR requests, sent as CBOR integers.
//!
//! The SDK encodes every timestamp as tag 1 over a double. The RPC v2 CBOR protocol allows an
//! integer there too, and AWS accepts both; LocalStack 4.9's parser accepts only the integer
//! and fails the whole request otherwise (500 "An unknown error occurred when trying to parse
//! the request"). Rewriting whole seconds, which is all lakectl sends, keeps the request the
//! same to AWS and readable by the emulator that users run their lake tests on.

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::BeforeTransmitInterceptorContextMut;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::config_bag::ConfigBag;
use minicbor::data::{IanaTag, Tag, Token};
use minicbor::decode::Tokenizer;

/// The interceptor; runs once a request, before the retry loop and therefore before signing.
#[derive(Debug, Clone, Copy)]
pub struct WholeSecondTimestamps;

impl Intercept for WholeSecondTimestamps {
    fn name(&self) -> &'static str {
        "WholeSecondTimestamps"
    }

    fn modify_before_retry_loop(
        &self,
        context: &mut BeforeTransmitInterceptorContextMut<'_>,
        _: &RuntimeComponents,
        _: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let request = context.request_mut();
        let Some(rewritten) = request.body().bytes().and_then(rewrite) else {
            return Ok(());
        };
        let length = rewritten.len().to_string();
        request.headers_mut().insert("content-length", length);
        *request.body_mut() = SdkBody::from(rewritten);
        Ok(())
    }
}

/// `body` with every whole-second timestamp as an integer; `None` when there is none to change
/// (or the body is not CBOR, which the service, not this shim, should answer).
fn rewrite(body: &[u8]) -> Option<Vec<u8>> {
    let timestamp = Tag::from(IanaTag::Timestamp);
    let tokens = Tokenizer::new(body)
        .collect::<Result<Vec<Token<'_>>, _>>()
        .ok()?;
    let mut changed = false;
    let mut encoder = minicbor::Encoder::new(Vec::with_capacity(body.len()));
    let mut after_tag = false;
    for token in tokens {
        let token = match token {
            Token::F64(secs) if after_tag && secs.fract() == 0.0 && secs.abs() < 9.0e15 => {
                changed = true;
                // Exact: a whole double below 2^53 converts without loss.
                Token::I64(secs as i64)
            }
            other => other,
        };
        after_tag = token == Token::Tag(timestamp);
        encoder.encode(token).ok()?;
    }
    changed.then(|| encoder.into_writer())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn timestamped(secs: f64) -> Vec<u8> {
        let mut e = minicbor::Encoder::new(Vec::new());
        e.map(2).unwrap();
        e.str("StartTime").unwrap();
        e.tag(IanaTag::Timestamp).unwrap().f64(secs).unwrap();
        e.str("Value").unwrap();
        e.f64(secs).unwrap();
        e.into_writer()
    }

    #[test]
    fn whole_seconds_after_the_timestamp_tag_become_integers() {
        let rewritten = rewrite(&timestamped(1_764_000_000.0)).unwrap();
        let mut d = minicbor::Decoder::new(&rewritten);
        assert_eq!(d.map().unwrap(), Some(2));
        assert_eq!(d.str().unwrap(), "StartTime");
        assert_eq!(d.tag().unwrap(), Tag::from(IanaTag::Timestamp));
        assert_eq!(d.i64().unwrap(), 1_764_000_000);
        // A double that is not a timestamp stays a double.
        assert_eq!(d.str().unwrap(), "Value");
        assert_eq!(d.f64().unwrap(), 1_764_000_000.0);
    }

    #[test]
    fn fractions_and_bodies_without_timestamps_are_left_alone() {
        assert_eq!(rewrite(&timestamped(1.5)), None);
        let mut e = minicbor::Encoder::new(Vec::new());
        e.map(1)
            .unwrap()
            .str("Namespace")
            .unwrap()
            .str("AWS/Kinesis")
            .unwrap();
        assert_eq!(rewrite(&e.into_writer()), None);
        // Reserved additional information: not CBOR.
        assert_eq!(rewrite(&[0x1c]), None);
    }
}

//! One HTTPS client for every service, region and account of a run.
//!
//! Left alone, each SDK client builds its own HTTPS client: its own copy of the trusted roots,
//! TLS configuration and connection pool. An organisation audit builds a client per service for
//! every account and region it reads, so that cost grew with the accounts in flight (about 4 MB
//! each in `scripts/bench-org`). This one client keeps one connector per timeout setting, as the
//! SDK's default client does, with the same TLS (rustls with aws-lc) and the same proxy settings
//! from the environment (`HTTPS_PROXY`, `NO_PROXY`).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use aws_smithy_http_client::Connector;
use aws_smithy_http_client::proxy::ProxyConfig;
use aws_smithy_http_client::tls::{Provider, rustls_provider::CryptoMode};
use aws_smithy_runtime_api::client::http::{
    HttpConnectorSettings, SharedHttpClient, SharedHttpConnector, http_client_fn,
};
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;

/// Connect and read timeouts: what distinguishes the connectors (the credential providers' own
/// calls use shorter ones than the services').
type Timeouts = (Option<Duration>, Option<Duration>);

pub fn shared_https_client() -> SharedHttpClient {
    let connectors: Mutex<HashMap<Timeouts, SharedHttpConnector>> = Mutex::default();
    http_client_fn(move |settings, components| {
        let key = (settings.connect_timeout(), settings.read_timeout());
        let mut connectors = connectors.lock().expect("no panic while holding the lock");
        let connector = connectors
            .entry(key)
            .or_insert_with(|| https_connector(settings, components));
        connector.clone()
    })
}

fn https_connector(
    settings: &HttpConnectorSettings,
    components: &RuntimeComponents,
) -> SharedHttpConnector {
    let mut builder = Connector::builder().tls_provider(Provider::Rustls(CryptoMode::AwsLc));
    builder.set_connector_settings(Some(settings.clone()));
    builder.set_sleep_impl(components.sleep_impl());
    builder.set_proxy_config(Some(ProxyConfig::from_env()));
    SharedHttpConnector::new(builder.build())
}

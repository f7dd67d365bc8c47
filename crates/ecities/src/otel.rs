//! Trace export over OTLP/HTTP with protobuf bodies (`[observability]`,
//! docs/OPERATIONS.md "Traces").
//!
//! The `tracing` spans the node already opens — `http` around each request,
//! `usecase.*` around each use case, `store.*` around the store methods
//! that write, `delivery` around each delivery — become OpenTelemetry spans
//! through `tracing-opentelemetry` and leave in batches: spans end into a
//! bounded queue, a background thread sends them to
//! `<otlp_endpoint>/v1/traces`. A collector that is down or slow never holds
//! a request: the queue is bounded, a span that finds it full is dropped and
//! counted (`ecities_otlp_spans_total{outcome="dropped"}`), an export that
//! fails is counted (`outcome="failed"`) and its spans are gone.
//!
//! The export's HTTP requests are sent by a reqwest client on the node's
//! own Tokio runtime (the batch thread hands each request over and waits
//! for its answer), so no second HTTP stack or runtime is built for it.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use ecities_core::observe::OTLP_SPANS;
use opentelemetry::trace::TracerProvider as _;
use opentelemetry_http::{Bytes, HttpClient, HttpError, Request, Response};
use opentelemetry_otlp::{Protocol, WithExportConfig, WithHttpConfig};
use opentelemetry_sdk::Resource;
use opentelemetry_sdk::error::OTelSdkResult;
use opentelemetry_sdk::trace::{
    BatchConfigBuilder, BatchSpanProcessor, Sampler, SdkTracerProvider, SpanData, SpanExporter, SpanProcessor,
};

use crate::config::OtlpSettings;

/// Spans waiting for export at most; more are dropped (and counted).
const MAX_QUEUE: usize = 2048;
/// Spans in one export request at most.
const MAX_BATCH: usize = 512;
/// One export request's time limit: a collector that does not answer
/// within it costs its batch, nothing more.
const EXPORT_TIMEOUT: Duration = Duration::from_secs(10);
/// A collector's answer is a small protobuf message; more is not read.
const MAX_ANSWER_BYTES: usize = 64 * 1024;

/// The tracer provider, kept to flush and stop the export at exit.
pub(crate) struct Export {
    provider: SdkTracerProvider,
}

impl Export {
    /// Sends what is still queued (a few seconds at most) and stops the
    /// export thread. Blocks: call it outside the async threads.
    pub(crate) fn shutdown(self) {
        if let Err(e) = self.provider.shutdown_with_timeout(Duration::from_secs(5)) {
            tracing::warn!(error = %e, "traces: the last spans could not be sent");
        }
    }
}

/// Builds the exporter and the `tracing` layer that feeds it. Must be
/// called on the node's Tokio runtime (the export requests run there).
pub(crate) fn layer<S>(
    settings: &OtlpSettings,
) -> anyhow::Result<(tracing_opentelemetry::OpenTelemetryLayer<S, opentelemetry_sdk::trace::Tracer>, Export)>
where
    S: tracing::Subscriber + for<'span> tracing_subscriber::registry::LookupSpan<'span>,
{
    let client = OnRuntime {
        client: reqwest::Client::builder()
            .timeout(EXPORT_TIMEOUT)
            .connect_timeout(Duration::from_secs(5))
            .redirect(reqwest::redirect::Policy::none())
            .build()?,
        runtime: tokio::runtime::Handle::current(),
    };
    let exporter = opentelemetry_otlp::SpanExporter::builder()
        .with_http()
        .with_protocol(Protocol::HttpBinary)
        .with_endpoint(settings.traces_url.as_str())
        .with_timeout(EXPORT_TIMEOUT)
        .with_http_client(client)
        .build()?;
    let queued = Arc::new(AtomicUsize::new(0));
    // The time between two exports is the SDK's (5 s, or
    // `OTEL_BSP_SCHEDULE_DELAY` in milliseconds); the queue is ours.
    let batch = BatchSpanProcessor::builder(Counted {
        inner: exporter,
        queued: queued.clone(),
        failing: AtomicBool::new(false),
    })
    .with_batch_config(
        BatchConfigBuilder::default().with_max_queue_size(MAX_QUEUE).with_max_export_batch_size(MAX_BATCH).build(),
    )
    .build();
    let provider = SdkTracerProvider::builder()
        .with_span_processor(Bounded { inner: batch, queued })
        .with_sampler(Sampler::ParentBased(Box::new(Sampler::TraceIdRatioBased(settings.sampling_ratio))))
        .with_resource(
            Resource::builder_empty()
                .with_service_name(settings.service_name.clone())
                .with_attribute(opentelemetry::KeyValue::new("service.version", env!("CARGO_PKG_VERSION")))
                .build(),
        )
        .build();
    ecities_core::observe::install_trace_continuation(ecities_core::observe::TraceContinuation {
        current: current_traceparent,
        continue_in,
    });
    let tracer = provider.tracer("ecities");
    let layer = tracing_opentelemetry::layer()
        .with_tracer(tracer)
        .with_location(false)
        .with_threads(false)
        .with_tracked_inactivity(false);
    Ok((layer, Export { provider }))
}

/// The batch processor behind a bound of our own, so that every dropped
/// span is counted: a span that finds [`MAX_QUEUE`] spans waiting is not
/// queued. (The SDK's queue has the same size and so never drops itself.)
#[derive(Debug)]
struct Bounded {
    inner: BatchSpanProcessor,
    queued: Arc<AtomicUsize>,
}

impl SpanProcessor for Bounded {
    fn on_start(&self, span: &mut opentelemetry_sdk::trace::Span, cx: &opentelemetry::Context) {
        self.inner.on_start(span, cx);
    }

    fn on_end(&self, span: SpanData) {
        let admitted =
            self.queued.fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| (n < MAX_QUEUE).then_some(n + 1)).is_ok();
        if admitted {
            self.inner.on_end(span);
        } else {
            metrics::counter!(OTLP_SPANS, "outcome" => "dropped").increment(1);
        }
    }

    fn force_flush(&self) -> OTelSdkResult {
        self.inner.force_flush()
    }

    fn shutdown_with_timeout(&self, timeout: Duration) -> OTelSdkResult {
        self.inner.shutdown_with_timeout(timeout)
    }

    fn set_resource(&mut self, resource: &Resource) {
        self.inner.set_resource(resource);
    }
}

/// The OTLP exporter, counting what it sends and what it loses; each batch
/// leaves the queue's count as it is taken for export.
#[derive(Debug)]
struct Counted {
    inner: opentelemetry_otlp::SpanExporter,
    queued: Arc<AtomicUsize>,
    /// Whether the last export failed.
    failing: AtomicBool,
}

impl SpanExporter for Counted {
    async fn export(&self, batch: Vec<SpanData>) -> OTelSdkResult {
        let n = batch.len();
        let _ = self.queued.fetch_update(Ordering::AcqRel, Ordering::Acquire, |q| Some(q.saturating_sub(n)));
        let result = self.inner.export(batch).await;
        let outcome = if result.is_ok() { "exported" } else { "failed" };
        metrics::counter!(OTLP_SPANS, "outcome" => outcome).increment(n as u64);
        // One line when exports start failing and one when they work again,
        // not one per batch.
        let failing = result.is_err();
        if self.failing.swap(failing, Ordering::AcqRel) != failing {
            match &result {
                Err(e) => tracing::warn!(error = %e, spans = n, "traces: the collector did not take the spans"),
                Ok(()) => tracing::info!("traces: the collector takes the spans again"),
            }
        }
        result
    }

    fn shutdown_with_timeout(&self, timeout: Duration) -> OTelSdkResult {
        self.inner.shutdown_with_timeout(timeout)
    }

    fn force_flush(&self) -> OTelSdkResult {
        self.inner.force_flush()
    }

    fn set_resource(&mut self, resource: &Resource) {
        self.inner.set_resource(resource);
    }
}

/// Sends the exporter's requests with reqwest on the node's runtime: the
/// batch thread is no Tokio thread, so each request runs as a task there
/// and the thread waits for its result.
#[derive(Debug)]
struct OnRuntime {
    client: reqwest::Client,
    runtime: tokio::runtime::Handle,
}

#[async_trait::async_trait]
impl HttpClient for OnRuntime {
    async fn send_bytes(&self, request: Request<Bytes>) -> Result<Response<Bytes>, HttpError> {
        let client = self.client.clone();
        let task = self.runtime.spawn(async move {
            let request = reqwest::Request::try_from(request)?;
            let mut answer = client.execute(request).await?;
            let mut out = Response::builder().status(answer.status());
            if let Some(headers) = out.headers_mut() {
                headers.extend(answer.headers().iter().map(|(k, v)| (k.clone(), v.clone())));
            }
            let mut body = Vec::new();
            while let Some(chunk) = answer.chunk().await? {
                if body.len() + chunk.len() > MAX_ANSWER_BYTES {
                    return Err::<_, HttpError>("the collector's answer is too large".into());
                }
                body.extend_from_slice(&chunk);
            }
            Ok(out.body(Bytes::from(body))?)
        });
        task.await?
    }
}

/// The current span's W3C `traceparent`, if it is sampled (an unsampled
/// trace is not worth continuing: its spans are not exported).
fn current_traceparent() -> Option<String> {
    use opentelemetry::propagation::TextMapPropagator;
    use opentelemetry::trace::TraceContextExt;
    use tracing_opentelemetry::OpenTelemetrySpanExt;
    let cx = tracing::Span::current().context();
    if !cx.span().span_context().is_sampled() {
        return None;
    }
    let mut fields = std::collections::HashMap::new();
    opentelemetry_sdk::propagation::TraceContextPropagator::new().inject_context(&cx, &mut fields);
    fields.remove("traceparent")
}

/// Makes `span` a child of the span a stored `traceparent` names (one that
/// does not parse is ignored: the span starts a trace of its own).
fn continue_in(span: &tracing::Span, traceparent: &str) {
    use opentelemetry::propagation::TextMapPropagator;
    use opentelemetry::trace::TraceContextExt;
    use tracing_opentelemetry::OpenTelemetrySpanExt;
    let fields = std::collections::HashMap::from([("traceparent".to_owned(), traceparent.to_owned())]);
    let cx = opentelemetry_sdk::propagation::TraceContextPropagator::new().extract(&fields);
    if cx.span().span_context().is_valid() {
        let _ = span.set_parent(cx);
    }
}

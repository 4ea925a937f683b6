//! Glue ETL jobs as the templates see them.

use super::*;

#[derive(Debug, Serialize)]
pub struct JobView {
    pub logical_id: String,
    pub name: String,
    pub role: Value,
    pub script_location: Value,
    /// `3` for Python scripts; Scala scripts take none.
    pub python_version: Option<&'static str>,
    pub glue_version: String,
    pub worker_type: Option<String>,
    pub workers: Option<u32>,
    pub execution_class: &'static str,
    pub timeout: Option<u32>,
    pub max_retries: u32,
    pub notify_delay: Option<u32>,
    pub arguments: Value,
    pub security_configuration: Option<Value>,
    pub tags: Value,
}

impl ViewBuilder<'_> {
    pub(super) fn jobs(&self) -> Result<Vec<JobView>, RenderError> {
        (self.model.catalog.jobs.iter())
            .map(|j| {
                let what = |field: &str| format!("job `{}` {field}", j.name);
                let arguments = known(&j.arguments, || what("arguments"))?;
                let python = j.runs_python();
                Ok(JobView {
                    logical_id: j.logical_id.clone(),
                    name: j.name.clone(),
                    role: self.role_arn_by_name(&j.role),
                    script_location: self
                        .tokens
                        .sub(known(&j.script_location, || what("script"))?),
                    python_version: python.then_some("3"),
                    glue_version: known(&j.glue_version, || what("Glue version"))?.clone(),
                    worker_type: known(&j.worker_type, || what("worker type"))?.clone(),
                    workers: *known(&j.workers, || what("workers"))?,
                    execution_class: known(&j.execution_class, || what("execution class"))?.name(),
                    timeout: *known(&j.timeout_minutes, || what("timeout"))?,
                    max_retries: *known(&j.max_retries, || what("retries"))?,
                    notify_delay: *known(&j.notify_delay_minutes, || what("delay notification"))?,
                    arguments: Value::Object(
                        (arguments.iter())
                            .map(|(k, v)| (k.clone(), self.tokens.sub(v)))
                            .collect(),
                    ),
                    security_configuration: known(&j.security_configuration, || {
                        what("security configuration")
                    })?
                    .as_deref()
                    .map(|name| self.security_configuration_ref(name)),
                    tags: cfn::tag_map(known(&j.tags, || what("tags"))?),
                })
            })
            .collect()
    }
}

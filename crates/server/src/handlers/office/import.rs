//! The office's imports: households in the national layout (a dry run answers at once; the
//! import runs in the background and is polled for its progress) and the roster of people.
//! Uploads are `multipart/form-data`: one or more `file` parts and the fields the call takes.
use std::collections::HashMap;

use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;

use shouwang_domain::import::people::PeopleReport;
use shouwang_domain::import::report::{ImportJob, JobStatus};
use shouwang_domain::import::{ImportReport, Table};
use shouwang_domain::text;

use super::super::within_limits;
use crate::error::ApiFailure;
use crate::extract::Office;
use crate::importer::Importer;
use crate::state::AppState;
use crate::store::{Session, Storage};

/// Bytes an upload may carry: two files at the import limit (a households CSV and a members
/// CSV), and the form fields.
pub fn upload_limit() -> usize {
    let per_file = shouwang_domain::import::ImportRules::builtin()
        .limits
        .max_file_bytes;
    (per_file as usize).saturating_mul(2) + 1024 * 1024
}

/// An upload: its files (name, bytes) and its other fields.
pub struct Upload {
    pub files: Vec<(String, Vec<u8>)>,
    pub fields: HashMap<String, String>,
}

impl Upload {
    pub fn field(&self, name: &str) -> &str {
        self.fields.get(name).map_or("", |v| v.trim())
    }

    /// `dry_run=true` (or `1`): report only.
    pub fn dry_run(&self) -> bool {
        matches!(self.field("dry_run"), "true" | "1" | "on")
    }
}

/// The form fields an upload may carry besides its files, each with its limit in
/// [`shouwang_domain::limits::REQUEST_TEXT`].
const FIELDS: [&str; 3] = ["dry_run", "source", "month"];

/// Reads a multipart upload; at least one file is required, every field and file name within
/// its limit.
pub async fn upload(mut form: Multipart) -> Result<Upload, ApiFailure> {
    let bad = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiFailure::too_large(upload_limit())
        } else {
            ApiFailure::malformed(&e.body_text())
        }
    };
    let mut up = Upload {
        files: Vec::new(),
        fields: HashMap::new(),
    };
    while let Some(field) = form.next_field().await.map_err(bad)? {
        let name = field.name().unwrap_or_default().to_owned();
        match field.file_name().map(str::to_owned) {
            Some(file) if name == "file" => {
                within_limits(&[("file_name", &file)])?;
                let bytes = field.bytes().await.map_err(bad)?;
                up.files.push((file, bytes.to_vec()));
            }
            _ if FIELDS.contains(&name.as_str()) => {
                let value = field.text().await.map_err(bad)?;
                within_limits(&[(&name, &value)])?;
                up.fields.insert(name, value);
            }
            _ => return Err(ApiFailure::unknown_field(&name)),
        }
    }
    if up.files.is_empty() {
        return Err(ApiFailure::no_file());
    }
    Ok(up)
}

/// The importer of the caller's call.
pub fn importer<S: Storage>(app: &AppState<S>, session: &Session) -> Importer<S> {
    Importer {
        store: app.store.clone(),
        session: session.clone(),
        policy: app.policy.clone(),
        rules: app.import_rules.clone(),
        sources: app.sources.clone(),
        now: app.now(),
        today: app.today(),
    }
}

/// The upload's files as tables (off the async workers); a file that cannot be read is the
/// report's one problem.
pub async fn tables<S: Storage>(
    app: &AppState<S>,
    files: Vec<(String, Vec<u8>)>,
) -> Result<Result<Vec<Table>, ImportReport>, ApiFailure> {
    let limits = app.import_rules.limits;
    super::super::blocking(move || {
        let mut all = Vec::new();
        for (name, bytes) in &files {
            match crate::sheets::read(name, bytes, &limits) {
                Ok(t) => all.extend(t),
                Err(problem) => {
                    return Err(ImportReport {
                        problems: vec![problem],
                        ..ImportReport::default()
                    })
                }
            }
        }
        Ok(all)
    })
    .await
}

fn finished(id: &str, report: ImportReport) -> ImportJob {
    ImportJob {
        id: id.to_owned(),
        status: JobStatus::Done,
        done: 0,
        total: 0,
        report: Some(report),
        error: None,
    }
}

/// `POST import/households` (`file` parts: one XLSX, or the households CSV and the members
/// CSV; `dry_run`): a dry run answers its report at once; an import answers 202 with the job
/// to poll at `GET imports/{id}`.
pub async fn households<S: Storage>(
    State(app): State<AppState<S>>,
    Office(session): Office,
    form: Multipart,
) -> Result<Response, ApiFailure> {
    let up = upload(form).await?;
    let dry_run = up.dry_run();
    let id = uuid::Uuid::now_v7().to_string();
    let tables = match tables(&app, up.files).await? {
        Ok(t) => t,
        Err(mut report) => {
            report.dry_run = dry_run;
            return Ok(Json(finished(&id, report)).into_response());
        }
    };
    let importer = importer(&app, &session);
    if dry_run {
        let prepared = importer.prepare(tables).await?;
        let report = prepared.report(true, &app.import_rules);
        return Ok(Json(finished(&id, report)).into_response());
    }
    app.store
        .create_job(&id, &session.account.username, 0)
        .await?;
    tracing::info!(username = %session.account.username, job = %id, "import started");
    tokio::spawn(run(app.store.clone(), importer, id.clone(), tables));
    let job = ImportJob {
        id,
        status: JobStatus::Running,
        done: 0,
        total: 0,
        report: None,
        error: None,
    };
    Ok((StatusCode::ACCEPTED, Json(job)).into_response())
}

/// The import in the background: its progress after each batch, then its report.
async fn run<S: Storage>(store: S, importer: Importer<S>, id: String, tables: Vec<Table>) {
    let mut job = ImportJob {
        id: id.clone(),
        status: JobStatus::Running,
        done: 0,
        total: 0,
        report: None,
        error: None,
    };
    let result = async {
        let prepared = importer.prepare(tables).await?;
        job.total = prepared.to_store();
        store.update_job(&job).await?;
        let progress = |done, total| {
            let (store, mut job) = (store.clone(), job.clone());
            async move {
                job.done = done;
                job.total = total;
                if let Err(e) = store.update_job(&job).await {
                    tracing::warn!(error = %e, "cannot record the import's progress");
                }
            }
        };
        importer.store(prepared, progress).await
    }
    .await;
    match result {
        Ok(report) => {
            tracing::info!(job = %id, counts = ?report.counts, "import done");
            job.done = job.total;
            job.status = JobStatus::Done;
            job.report = Some(report);
        }
        Err(e) => {
            tracing::error!(job = %id, error = %e, "import failed");
            job.status = JobStatus::Failed;
            job.error = Some(ApiFailure::from(e).error);
        }
    }
    if let Err(e) = store.update_job(&job).await {
        tracing::error!(job = %id, error = %e, "cannot record the import's end");
    }
}

/// `GET imports/{id}`: the caller's import, as it stands.
pub async fn job<S: Storage>(
    State(app): State<AppState<S>>,
    Office(session): Office,
    Path(id): Path<String>,
) -> Result<Json<ImportJob>, ApiFailure> {
    app.store
        .job(&id, &session.account.username)
        .await?
        .map(Json)
        .ok_or_else(ApiFailure::import_not_found)
}

/// `POST import/people` (`file`: the roster CSV or XLSX; `dry_run`): the accounts created,
/// each with its one-time password, shown this once.
pub async fn people<S: Storage>(
    State(app): State<AppState<S>>,
    Office(session): Office,
    form: Multipart,
) -> Result<Json<PeopleReport>, ApiFailure> {
    let up = upload(form).await?;
    let dry_run = up.dry_run();
    let tables = match tables(&app, up.files).await? {
        Ok(t) => t,
        Err(report) => {
            return Ok(Json(PeopleReport {
                dry_run,
                problems: report.problems,
                ..PeopleReport::default()
            }))
        }
    };
    let Some(table) = tables.into_iter().find(|t| t.rows.len() > 1) else {
        return Err(ApiFailure::empty_file(text!("名单", "roster")));
    };
    let report = importer(&app, &session).people(&table, dry_run).await?;
    tracing::info!(username = %session.account.username, dry_run,
        created = report.created.len(), "people imported");
    Ok(Json(report))
}

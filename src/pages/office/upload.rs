//! What the office's uploads share: the file chooser, the multipart form it becomes, and the
//! report's problems, each where it is (file, sheet, row, column, cell) with the domain's message
//! in the interface language.
use leptos::html::Input;
use leptos::prelude::*;
use shouwang_domain::import::report::{At, ImportProblem};
use wasm_bindgen::JsCast;

use crate::i18n::{fill, Lang};

/// The spreadsheet types the server reads.
const ACCEPT: &str = ".xlsx,.xls,.ods,.csv,text/csv";

/// A labelled file chooser (`multiple`: several files, e.g. the households CSV and the members
/// CSV).
#[component]
pub fn FileChooser(
    id: &'static str,
    node: NodeRef<Input>,
    multiple: bool,
    lang: Lang,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{lang.imports().file}</label>
            <input id=id type="file" accept=ACCEPT multiple=multiple node_ref=node data-testid=id/>
        </div>
    }
}

/// The chosen files as `file` parts, with `fields`; `None` when no file is chosen.
pub fn form_of(node: &NodeRef<Input>, fields: &[(&str, &str)]) -> Option<web_sys::FormData> {
    let files = node.get_untracked()?.files()?;
    if files.length() == 0 {
        return None;
    }
    let form = web_sys::FormData::new().ok()?;
    for i in 0..files.length() {
        let file = files.item(i)?;
        let blob: &web_sys::Blob = file.unchecked_ref();
        form.append_with_blob_and_filename("file", blob, &file.name())
            .ok()?;
    }
    for (name, value) in fields {
        form.append_with_str(name, value).ok()?;
    }
    Some(form)
}

/// Where a problem is, as people read it: `households.xlsx · 户 · 第 12 行 · 证件号码（H12）`.
pub fn where_text(at: &At, lang: Lang) -> String {
    let mut parts = vec![at.file.clone()];
    if !at.sheet.is_empty() {
        parts.push(at.sheet.clone());
    }
    if let Some(row) = at.row {
        parts.push(fill(lang.imports().at_row, &[&row]));
    }
    match (&at.column, &at.cell) {
        (Some(c), Some(cell)) => parts.push(format!("{c}（{cell}）")),
        (Some(c), None) => parts.push(c.clone()),
        (None, Some(cell)) => parts.push(cell.clone()),
        (None, None) => {}
    }
    parts.join(" · ")
}

/// The report's problems as a table (or "no problems"), with the count of those not listed.
pub fn problems_view(problems: &[ImportProblem], left_off: u32, lang: Lang) -> AnyView {
    let t = lang.imports();
    if problems.is_empty() && left_off == 0 {
        return view! { <p class="ok-box" data-testid="no-problems">{t.no_problems}</p> }
            .into_any();
    }
    let rows = problems
        .iter()
        .map(|p| {
            let (class, severity) = if p.is_error() {
                ("error", t.error)
            } else {
                ("warning", t.warning)
            };
            view! {
                <tr class=class data-testid="problem">
                    <td>{where_text(&p.at, lang)}</td>
                    <td>{severity}</td>
                    <td>{p.message.get(lang.domain()).to_string()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table class="figures-table problems" data-testid="problems">
                <caption>{t.problems}</caption>
                <tbody>{rows}</tbody>
            </table>
        </div>
        {(left_off > 0).then(|| view! { <p class="note">{fill(t.problems_left_off, &[&left_off])}</p> })}
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_problem_reads_as_file_sheet_row_and_column() {
        let at = At {
            file: "h.xlsx".into(),
            sheet: "户".into(),
            row: Some(12),
            column: Some("证件号码".into()),
            cell: Some("H12".into()),
        };
        assert_eq!(
            where_text(&at, Lang::ZhCn),
            "h.xlsx · 户 · 第 12 行 · 证件号码（H12）"
        );
        assert_eq!(
            where_text(&at, Lang::En),
            "h.xlsx · 户 · row 12 · 证件号码（H12）"
        );
        let file_only = At {
            file: "m.csv".into(),
            ..At::default()
        };
        assert_eq!(where_text(&file_only, Lang::ZhCn), "m.csv");
    }
}

//! The limits of everything a person or a device can send: the length of every free-text field,
//! how many entries a list may hold, the range of amounts and numbers, and the size of a push.
//!
//! One table, read by validation ([`crate::validate`], so the phone and the server refuse at the
//! field with the same words), by the server for what a request carries besides a household
//! (sign-in, device, office comments) and by the app for its inputs' `maxlength`
//! ([`max_chars`], [`max_items`]). Nothing is ever shortened to fit: a value over its limit is
//! refused with a message naming the field and the limit.
//!
//! Lengths count characters (Unicode scalar values), as a person counts 字, not bytes. The limits
//! are generous for real records (the longest minority names, a 村民委员会's full name, a page of
//! visit notes) and small enough that a maximal household is a few MB of JSON, within one push.
use std::ops::RangeInclusive;

use crate::labels::{field_name, without_indices};
use crate::model::MAX_RISKS;
use crate::validate::Problem;
use crate::{text, Money, Text};

/// The longest text of each free-text field of the household record, by field key (the path
/// without list indices, as in [`crate::labels::FIELD_NAMES`]).
#[rustfmt::skip]
pub const TEXT: &[(&str, usize)] = &[
    ("id", 64),
    ("household_number", 32),
    ("area.code", 12),
    ("area.name", 100),
    ("address", 200),
    ("phone", 20),
    ("resettlement_site", 100),
    ("members.id", 64),
    ("members.name", 50),
    ("members.id_number", 30),
    ("members.work_place", 100),
    ("monitoring.override_reason", 500),
    ("monitoring.helper", 50),
    ("monitoring.procedure.decisions.by", 64),
    ("monitoring.procedure.decisions.comment", 500),
    ("monitoring.exit_procedure.started_by", 64),
    ("monitoring.exit_procedure.decisions.by", 64),
    ("monitoring.exit_procedure.decisions.comment", 500),
    ("monitoring.exit_procedure.withdrawn.by", 64),
    ("monitoring.exit_procedure.withdrawn.reason", 500),
    ("measures.id", 64),
    ("measures.content", 500),
    ("visits.id", 64),
    ("visits.visitor", 50),
    ("visits.notes", 2000),
    // 线索: the office's from a department's list, but for the worker's outcome.
    ("monitoring.leads.id", 200),
    ("monitoring.leads.source", 32),
    ("monitoring.leads.month", 7),
    ("monitoring.leads.member_id", 64),
    ("monitoring.leads.name", 50),
    ("monitoring.leads.id_number", 30),
    ("monitoring.leads.details", 500),
    ("monitoring.leads.by", 64),
    ("monitoring.leads.outcome.reason", 500),
    ("monitoring.leads.outcome.by", 64),
    // 附件 and the 承诺授权书: addresses are SHA-256 hex, ids of visits and measures.
    ("attachments.id", 64),
    ("attachments.of", 64),
    ("attachments.content_type", 20),
    ("attachments.thumb", 64),
    ("attachments.by", 64),
    ("consent.text_id", 32),
    ("consent.signer", 50),
    ("consent.witness", 64),
    ("consent.signature", 64),
];

/// The most entries of each list of the household record.
#[rustfmt::skip]
pub const ITEMS: &[(&str, usize)] = &[
    ("members", 30),
    ("monitoring.risks", MAX_RISKS),
    ("measures", 100),
    ("visits", 500),
    ("monitoring.procedure.decisions", 100),
    ("monitoring.exit_procedure.decisions", 100),
    // Five sources a month for three years, and more.
    ("monitoring.leads", 200),
    // Photos of a house over years of visits, at about 300 KB each.
    ("attachments", 200),
];

/// The longest text of what a request carries besides a household, by key, with the field's
/// name in both languages.
#[rustfmt::skip]
pub const REQUEST_TEXT: &[(&str, usize, &str, &str)] = &[
    ("username", 64, "用户名", "Username"),
    // Long enough for any passphrase, short enough that hashing one costs what a real one does.
    ("password", 256, "密码", "Password"),
    ("display_name", 50, "显示名称", "Display name"),
    ("device_id", 64, "设备编号", "Device id"),
    // The browser's user agent.
    ("device_name", 500, "设备名称", "Device name"),
    ("change_id", 64, "修改编号", "Change id"),
    ("edited_at", 40, "修改时间", "Edit time"),
    ("comment", 500, "审核意见", "Comment"),
    ("reason", 500, "理由", "Reason"),
    // The office's uploads (imports, departments' lists): the form's fields and file names.
    ("file_name", 255, "文件名", "File name"),
    ("dry_run", 5, "仅检查不导入", "Dry run"),
    ("source", 32, "名单来源", "Source of the list"),
    ("month", 7, "名单月份", "Month of the list"),
    // A row of a list that matched no household (area prefix and the lead's id).
    ("lead_key", 200, "名单记录", "Row of the list"),
];

/// The largest amount of money, either sign, in any amount of the record (收入, 支出, 措施金额):
/// 1 亿元, far above any rural household's yearly figure and far below what sums can overflow.
pub const MAX_AMOUNT: Money = Money::yuan(100_000_000);

/// 务工时间（月）: months in a year.
pub const WORK_MONTHS: RangeInclusive<u8> = 0..=12;

/// 残疾等级: grades 1 (most severe) to 4.
pub const DISABILITY_GRADES: RangeInclusive<u8> = 1..=4;

/// The largest attachment the server stores, in bytes: the phone makes photos of about 300 KB
/// and signatures far smaller, so this leaves room for a large photo and refuses anything else.
pub const MAX_ATTACHMENT_BYTES: u64 = 2 * 1024 * 1024;

/// Changes one push may carry (the app sends far fewer per batch).
pub const CHANGES_PER_PUSH: usize = 2000;

/// The longest text the field at `path` takes: a record field (`members.name`, indices allowed:
/// `members[2].name`) or a request field (`device_id`); `None` for a field that is not free text.
pub fn max_chars(path: &str) -> Option<usize> {
    let key = without_indices(path);
    TEXT.iter()
        .find(|(k, _)| *k == key)
        .map(|(_, max)| *max)
        .or_else(|| {
            REQUEST_TEXT
                .iter()
                .find(|(k, ..)| *k == key)
                .map(|(_, max, ..)| *max)
        })
}

/// The most entries the list at `path` takes (`members`, `visits`, …).
pub fn max_items(path: &str) -> Option<usize> {
    let key = without_indices(path);
    ITEMS.iter().find(|(k, _)| *k == key).map(|(_, max)| *max)
}

/// The name of the field at `path`, for a limit's message.
fn name_of(path: &str) -> Text {
    if let Some((_, _, zh, en)) = REQUEST_TEXT.iter().find(|(k, ..)| *k == path) {
        return Text::new(*zh, *en);
    }
    match without_indices(path).as_str() {
        "id" => Text::new("户记录编号", "Household record id"),
        // Not in the labels: a second `id_number` there would make the member's ambiguous.
        "monitoring.leads.id_number" => Text::new("名单证件号码", "ID number on the list"),
        _ => field_name(path).unwrap_or_else(|| Text::new(path, path)),
    }
}

/// `value` measured against the limit of the field at `path`: `None` when it fits (or the field
/// has no limit), else the error to show at the field. Never quotes the value, which may be huge.
pub fn check_text(path: &str, value: &str) -> Option<Problem> {
    let max = max_chars(path)?;
    // A text of at most `max` bytes has at most `max` characters: most fields need no count.
    if value.len() <= max {
        return None;
    }
    let n = value.chars().count();
    if n <= max {
        return None;
    }
    let name = name_of(path);
    let (zh, en) = (&name.zh, &name.en);
    Some(Problem::error(
        path,
        "text.too_long",
        text!(
            "{zh}最多 {max} 个字，这里有 {n} 个字，请删减后再保存",
            "{en} takes at most {max} characters; this one has {n}: shorten it and save again"
        ),
    ))
}

/// A list of `n` entries measured against the limit of the list at `path`.
pub fn check_items(path: &str, n: usize) -> Option<Problem> {
    let max = max_items(path)?;
    if n <= max {
        return None;
    }
    let name = name_of(path);
    let (zh, en) = (&name.zh, &name.en);
    Some(Problem::error(
        path,
        "list.too_many",
        text!(
            "{zh}最多 {max} 条，这里有 {n} 条，请删除不需要的",
            "{en}: at most {max} entries, this record has {n}; remove those not needed"
        ),
    ))
}

/// An amount of money at `path` measured against [`MAX_AMOUNT`].
pub fn check_amount(path: &str, amount: Money) -> Option<Problem> {
    if amount <= MAX_AMOUNT && amount >= -MAX_AMOUNT {
        return None;
    }
    let name = name_of(path);
    let (zh, en) = (&name.zh, &name.en);
    Some(Problem::error(
        path,
        "amount.range",
        text!(
            "{zh}超出范围（{amount} 元），金额最多 {MAX_AMOUNT} 元，请核对",
            "{en} is out of range ({amount} yuan); amounts are at most {MAX_AMOUNT} yuan: check it"
        ),
    ))
}

#[cfg(test)]
mod tests;

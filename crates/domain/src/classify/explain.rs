//! The classification as a reviewer reads it: plain text in one language.
use std::fmt::Write;

use super::{Classification, Finding, Reason, WarningLevel};
use crate::labels::Label;
use crate::model::Household;
use crate::text::{Lang, Text};
use crate::{text, Severity};

impl Label for WarningLevel {
    fn label(&self) -> Text {
        match self {
            WarningLevel::Red => text!("红色", "red"),
            WarningLevel::Orange => text!("橙色", "orange"),
            WarningLevel::Yellow => text!("黄色", "yellow"),
            WarningLevel::Green => text!("绿色", "green"),
        }
    }
}

/// Writes the classification of `h` as numbered sections of plain text in `lang`.
pub fn explain(h: &Household, c: &Classification, lang: Lang) -> String {
    let t = |zh: &'static str, en: &'static str| if lang == Lang::Zh { zh } else { en };
    let mut out = String::new();
    let head = h.head().map_or("?", |m| m.name.as_str());
    let _ = writeln!(
        out,
        "{} {head} — {} ({}) — {} {}",
        t("户主", "Head of household"),
        h.area.name,
        h.area.code,
        t("评估日期", "assessed on"),
        c.assessed_on
    );
    let src = &c.line_source;
    let _ = writeln!(
        out,
        "{}: {} {} — {} {}{}",
        t("监测范围", "Monitoring line"),
        c.line,
        t("元/人/年", "yuan per person per year"),
        src.name,
        src.year,
        t(" 年标准", "")
    );
    for n in &c.notes {
        let _ = writeln!(out, "  ! {}", n.text.get(lang));
    }

    section(&mut out, t("一、收入", "1. Income"));
    let i = &c.income;
    let yuan =
        |m: Option<crate::Money>| m.map_or("-".into(), |m| format!("{m} {}", t("元", "yuan")));
    let pc = yuan(i.per_capita);
    let after = yuan(i.after_rigid_per_capita);
    let _ = writeln!(
        out,
        "  {} {} | {} {} | {} {}",
        t("家庭纯收入", "net household income"),
        yuan(Some(i.net)),
        t("家庭人口数", "members counted"),
        i.household_size,
        t("人均纯收入", "per person"),
        pc
    );
    let _ = writeln!(
        out,
        "  {} {} | {} {} | {} {}",
        t("合规自付支出", "compliant self-pay"),
        yuan(Some(i.rigid_spending)),
        t("加回理赔收入", "insurance claims added back"),
        yuan(Some(i.claims_added)),
        t("扣除刚性支出后人均", "per person after rigid spending"),
        after
    );
    let sp = &h.income.spending;
    if sp.disaster.is_positive() || sp.accident.is_positive() {
        let _ = writeln!(
            out,
            "  {} {} | {} {}",
            t("因灾刚性支出", "disaster spending"),
            yuan(Some(sp.disaster)),
            t("意外事故刚性支出", "accident spending"),
            yuan(Some(sp.accident))
        );
    }
    let l = &c.labour;
    let _ = writeln!(
        out,
        "  {} {} | {} {} | {} {} | {} {}",
        t("劳动力（技能/普通）", "full workers"),
        l.full,
        t("弱劳动力", "weak workers"),
        l.weak,
        t("务工", "in work"),
        l.in_work,
        t("在校生", "students"),
        l.students
    );

    section(&mut out, t("二、刚性支出标准", "2. Rigid-spending rules"));
    reasons(&mut out, &c.triggers, lang, t("未触发", "none hit"));

    section(
        &mut out,
        t(
            "三、风险（按数据建议，首项为主要风险）",
            "3. Risks suggested by the data (first = main)",
        ),
    );
    if c.suggested_risks.is_empty() {
        let _ = writeln!(out, "  {}", t("未发现", "none found"));
    }
    for (n, r) in c.suggested_risks.iter().enumerate() {
        let _ = writeln!(out, "  {}. {}", n + 1, r.kind.label().get(lang));
        for reason in &r.reasons {
            let _ = writeln!(out, "     - {}", reason.text.get(lang));
        }
    }
    if !h.monitoring.risks.is_empty() {
        let chosen: Vec<String> = h
            .monitoring
            .risks
            .iter()
            .map(|r| r.kind.label().get(lang).to_string())
            .collect();
        let _ = writeln!(
            out,
            "  {}: {}",
            t("已选择的风险", "Risks chosen"),
            chosen.join(", ")
        );
    }

    section(&mut out, t("四、研判结论", "4. Conclusion"));
    let terms = &c.terms;
    let category = match &terms.suggested_category {
        Some(label) => label.get(lang).to_string(),
        None => match lang {
            Lang::Zh => format!("不建议纳入{}", terms.object.zh),
            Lang::En => format!("not suggested as a {}", terms.object.en),
        },
    };
    let _ = writeln!(out, "  {}: {category}", t("建议类别", "Suggested category"));
    reasons(&mut out, &c.category_reasons, lang, "");
    let _ = match lang {
        Lang::Zh => writeln!(
            out,
            "  对象口径: {}（{} 起施行）",
            terms.object.zh, terms.from
        ),
        Lang::En => writeln!(
            out,
            "  Terms: {} (in force from {})",
            terms.object.en, terms.from
        ),
    };
    if let Some(local) = &terms.local_category {
        let _ = writeln!(
            out,
            "  {}: {}",
            t("本地监测类别", "Local category"),
            local.get(lang)
        );
    }
    if !terms.assistance.is_empty() {
        let names: Vec<&str> = terms.assistance.iter().map(|x| x.get(lang)).collect();
        let _ = writeln!(
            out,
            "  {}: {} — {}",
            t("社会救助身份", "Social assistance"),
            names.join(", "),
            t(
                "同一户、同一帮扶台账、同一套收支核算",
                "the same household, one chain of help, one accounting of income and spending"
            )
        );
    }

    section(
        &mut out,
        t(
            "五、预警等级（辅助研判，非正式认定）",
            "5. Warning level (decision support, not the official category)",
        ),
    );
    let _ = writeln!(out, "  {}", c.warning.level.label().get(lang));
    reasons(&mut out, &c.warning.reasons, lang, "");
    let _ = writeln!(out, "  = {}", c.warning.relation.text.get(lang));

    section(&mut out, t("六、一致性检查", "6. Consistency checks"));
    findings(&mut out, &c.findings, lang, t("无问题", "no problem found"));

    section(&mut out, t("七、建议帮扶措施", "7. Suggested measures"));
    if c.measures.is_empty() {
        let _ = writeln!(out, "  -");
    }
    for m in &c.measures {
        let types: Vec<String> = m
            .types
            .iter()
            .map(|x| x.label().get(lang).to_string())
            .collect();
        let state = if m.present {
            t("已有", "present")
        } else {
            t("尚无", "missing")
        };
        let _ = writeln!(
            out,
            "  {}: {} ({state})",
            m.risk.label().get(lang),
            types.join(" / ")
        );
    }

    section(&mut out, t("八、识别程序", "8. Identification procedure"));
    match (&c.procedure.next_step, c.procedure.deadline) {
        (_, None) => {
            let _ = writeln!(
                out,
                "  {}",
                t("未记录线索发现日期", "no lead date recorded")
            );
        }
        (None, Some(_)) => {
            let done = h
                .monitoring
                .procedure
                .county_approval
                .map(|d| d.to_string())
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "  {} {done}",
                t("已完成，县级审定于", "complete: county approval on")
            );
        }
        (Some(next), Some(deadline)) => {
            let next = step_label(*next, lang);
            let p = &c.procedure;
            let working = p
                .working_days_left
                .map(|w| match lang {
                    Lang::Zh => format!("（其中工作日 {w}）"),
                    Lang::En => format!(" ({w} working days)"),
                })
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "  {}: {next} | {}: {deadline} | {}: {}{working}",
                t("下一步", "next step"),
                t("时限", "deadline"),
                t("剩余天数", "days left"),
                p.days_left.unwrap_or_default()
            );
            if let Some(hd) = p.home_check_deadline {
                let _ = writeln!(out, "  {}: {hd}", t("入户核实时限", "home check due by"));
            }
        }
    }
    if c.procedure.day_count == crate::policy::DayCount::Working {
        let _ = writeln!(
            out,
            "  {}",
            t(
                "本地时限按工作日计算（扣除法定节假日，含调休上班日）",
                "Local limits count working days (public holidays excluded, working weekends included)"
            )
        );
    }
    if c.procedure.help_first {
        let _ = writeln!(
            out,
            "  {}",
            t(
                "先帮后评：识别认定前已先行落实帮扶措施",
                "Help first, identify after: assistance was given before identification"
            )
        );
    }

    section(&mut out, t("九、风险消除", "9. Exit (risk elimination)"));
    let e = &c.exit;
    let verdict = match (e.applicable, e.eligible) {
        (false, _) => t("不适用", "not applicable"),
        (true, true) => t("符合风险消除条件", "eligible for risk elimination"),
        (true, false) => t("暂不符合风险消除条件", "not yet eligible"),
    };
    let _ = writeln!(out, "  {verdict}");
    for r in &e.met {
        let _ = writeln!(out, "  [✓] {}", r.text.get(lang));
    }
    for r in &e.unmet {
        let _ = writeln!(out, "  [✗] {}", r.text.get(lang));
    }
    for r in &e.warnings {
        let _ = writeln!(out, "  [!] {}", r.text.get(lang));
    }
    out
}

fn section(out: &mut String, title: &str) {
    let _ = writeln!(out, "\n{title}");
}

fn reasons(out: &mut String, list: &[Reason], lang: Lang, empty: &str) {
    if list.is_empty() && !empty.is_empty() {
        let _ = writeln!(out, "  {empty}");
    }
    for r in list {
        let _ = writeln!(out, "  - {}", r.text.get(lang));
    }
}

fn findings(out: &mut String, list: &[Finding], lang: Lang, empty: &str) {
    if list.is_empty() {
        let _ = writeln!(out, "  {empty}");
    }
    for f in list {
        let mark = match f.severity {
            Severity::Error => "✗",
            Severity::Warning => "!",
        };
        let _ = writeln!(out, "  [{mark}] {}", f.reason.text.get(lang));
    }
}

fn step_label(step: super::ProcedureStep, lang: Lang) -> &'static str {
    use super::ProcedureStep::*;
    let (zh, en) = match step {
        HomeCheck => ("入户核实", "home check"),
        VillageReview => ("村级民主评议", "village review"),
        Publicity => ("公示", "publicity"),
        TownshipCheck => ("乡镇审核", "township check"),
        CountyApproval => ("县级审定", "county approval"),
    };
    if lang == Lang::Zh {
        zh
    } else {
        en
    }
}

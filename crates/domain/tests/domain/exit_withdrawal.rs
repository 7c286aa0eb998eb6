//! 撤回风险消除: the office withdraws an open exit procedure when the household stops qualifying.
//! A withdrawn procedure is closed — it leaves the review queue and the 公示 notice, and a new
//! exit may be started later — and a withdrawal is refused without an open exit, after the county
//! approval, without a reason, or dated in the future.
use shouwang_domain::classify::ProcedureStep;
use shouwang_domain::model::ProcedureKind;
use shouwang_domain::office::{
    exit_procedure_status, publicity, queue, withdraw_exit, DecisionError, ExitWithdrawal,
    NameDisplay,
};
use shouwang_domain::sync::wire::{Revision, Role};
use shouwang_domain::{Household, Policy};

use super::exit::{approve, eligible, start};
use super::support::*;

/// An exit begun on 2026-11-27 whose village review and 公示 began that day: in the queue and
/// on its village's notice on [`today`].
fn on_notice() -> Household {
    let h = start(&eligible(), "2026-11-27").unwrap();
    approve(&h, ProcedureStep::VillageReview, Some("2026-11-27"))
}

fn withdraw(h: &Household, on: &str, reason: &str) -> Result<Household, DecisionError> {
    withdraw_exit(h, date(on), "reviewer", reason, today())
}

fn exits_queued(h: &Household) -> usize {
    queue([(Revision(1), h)], &Policy::builtin(), today())
        .iter()
        .filter(|i| i.procedure == ProcedureKind::Exit)
        .count()
}

fn exits_on_notice(h: &Household) -> usize {
    let notice = publicity(
        std::slice::from_ref(h),
        "522701102203",
        NameDisplay::Full,
        &Policy::builtin(),
        today(),
    );
    notice.exits.len()
}

#[test]
fn a_withdrawn_exit_leaves_the_queue_and_the_publicity_notice() {
    let h = on_notice();
    assert_eq!((exits_queued(&h), exits_on_notice(&h)), (1, 1), "before");
    let w = withdraw(&h, "2026-11-29", "  家中新增大病患者，暂不符合条件 ").unwrap();
    let p = w.monitoring.exit_procedure.as_ref().unwrap();
    assert_eq!(
        p.withdrawn,
        Some(ExitWithdrawal {
            date: date("2026-11-29"),
            by: "reviewer".into(),
            reason: "家中新增大病患者，暂不符合条件".into(),
        })
    );
    assert_eq!(
        p.village_review,
        Some(date("2026-11-27")),
        "its history stays"
    );
    assert!(w.monitoring.open_exit_procedure().is_none());
    assert_eq!(w.monitoring.exit, None, "the risk is not marked eliminated");
    assert_eq!((exits_queued(&w), exits_on_notice(&w)), (0, 0), "after");
    let status = exit_procedure_status(&w, &Policy::builtin(), today()).unwrap();
    assert_eq!((status.next_step, status.days_left), (None, None));
    assert!(!status.overdue && status.findings.is_empty());
}

#[test]
fn a_new_exit_can_be_started_after_a_withdrawal() {
    let h = on_notice();
    assert!(start(&h, "2026-11-29").is_err(), "one is open");
    let w = withdraw(&h, "2026-11-28", "收入未稳定").unwrap();
    let again = start(&w, "2026-11-29").unwrap();
    let p = again.monitoring.open_exit_procedure().unwrap();
    assert_eq!(
        (p.started, p.withdrawn.as_ref()),
        (date("2026-11-29"), None)
    );
    assert_eq!(exits_queued(&again), 1);
}

#[test]
fn withdrawal_needs_an_open_exit() {
    assert_eq!(
        withdraw(&eligible(), "2026-11-29", "不再符合"),
        Err(DecisionError::NoOpenExit)
    );
    let w = withdraw(&on_notice(), "2026-11-29", "不再符合").unwrap();
    assert_eq!(
        withdraw(&w, "2026-11-29", "再次撤回"),
        Err(DecisionError::NoOpenExit),
        "already withdrawn"
    );
}

#[test]
fn an_exit_approved_by_the_county_cannot_be_withdrawn() {
    use ProcedureStep::*;
    let mut h = start(&eligible(), "2026-11-20").unwrap();
    h = approve(&h, VillageReview, Some("2026-11-20"));
    for step in [Publicity, TownshipCheck, CountyApproval] {
        h = approve(&h, step, None);
    }
    assert!(h.monitoring.exit.is_some());
    let refused = withdraw(&h, "2026-11-29", "不再符合").unwrap_err();
    assert_eq!(refused, DecisionError::ExitApproved);
    assert_eq!(refused.reason(), "exit_already_approved");
}

#[test]
fn withdrawal_needs_a_reason() {
    for reason in ["", "   "] {
        let refused = withdraw(&on_notice(), "2026-11-29", reason).unwrap_err();
        assert_eq!(refused, DecisionError::ReasonRequired);
        let message = refused.message();
        assert!(!message.zh.is_empty() && !message.en.is_empty());
    }
}

#[test]
fn withdrawal_cannot_be_dated_in_the_future_or_before_the_exit_began() {
    assert_eq!(
        withdraw(&on_notice(), "2026-11-30", "不再符合"),
        Err(DecisionError::DateInFuture {
            on: date("2026-11-30"),
            today: today(),
        })
    );
    assert_eq!(
        withdraw(&on_notice(), "2026-11-26", "不再符合"),
        Err(DecisionError::DateBeforePrevious {
            on: date("2026-11-26"),
            previous: date("2026-11-27"),
        })
    );
}

#[test]
fn a_withdrawn_exit_takes_no_more_decisions() {
    let w = withdraw(&on_notice(), "2026-11-29", "不再符合").unwrap();
    let decided = shouwang_domain::office::decide(
        &w,
        ProcedureKind::Exit,
        &shouwang_domain::office::Verdict {
            step: ProcedureStep::Publicity,
            approve: false,
            comment: "退回",
            by: "reviewer",
            role: Role::Reviewer,
            on: None,
        },
        &Policy::builtin(),
        today(),
    );
    assert_eq!(decided, Err(DecisionError::NoOpenExit));
}

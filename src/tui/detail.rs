//! The room of a record's detail (client, provider, staff member): scrolling, editing, ending,
//! corrections and the client's certification and plan keys; other keys act on the tab under
//! it. Its keys (`BINDINGS`, `Context::Detail`) are listed at the end.

use super::action::{DetailRef, EditTarget, Effect};
use super::form::FormKind;
use super::forms::open_new;
use super::i18n::T;
use super::keymap::{Binding, Command, Context, Key, b, resolve_in};
use super::model::{ConfirmAction, Detail, Model, Overlay, Severity};
use super::room::{Outcome, ask, quit};
use crossterm::event::{KeyCode, KeyEvent};

pub fn key(m: &mut Model, ev: KeyEvent) -> Outcome {
    let Some(cmd) = resolve_in(BINDINGS, Context::Detail, &ev) else {
        return Outcome::Done(vec![]);
    };
    let Some(Overlay::Detail { detail, scroll }) = m.overlays.last_mut() else {
        return Outcome::Done(vec![]);
    };
    match (cmd, &*detail) {
        (Command::Down, _) => *scroll = scroll.saturating_add(1),
        (Command::Up, _) => *scroll = scroll.saturating_sub(1),
        (Command::Back, _) => {
            m.overlays.pop();
        }
        (Command::Edit, Detail::Client(c)) => {
            return Outcome::Done(vec![Effect::OpenEdit(EditTarget::Client(c.id))]);
        }
        (Command::Edit, Detail::Provider(p)) => {
            return Outcome::Done(vec![Effect::OpenEdit(EditTarget::Provider(p.id))]);
        }
        (Command::Edit, Detail::Staff(s)) => {
            return Outcome::Done(vec![Effect::OpenEdit(EditTarget::Staff(s.id))]);
        }
        (Command::Delete, Detail::Staff(s)) => {
            let id = s.id;
            open_new(m, FormKind::StaffLeaves { id });
        }
        (Command::Delete, Detail::Client(c)) => {
            return Outcome::Done(vec![Effect::OpenEdit(EditTarget::EndContract(c.id))]);
        }
        (Command::Delete, Detail::Provider(p)) => {
            let (id, version) = (p.id, p.version);
            let q = format!(
                "{}\n{}",
                super::subject::provider(&m.data, id, m.lang),
                T::ConfirmDeleteProvider.s(m.lang)
            );
            ask(m, q, ConfirmAction::DeleteProvider { id, version });
        }
        (Command::Corrections, Detail::Client(c)) => {
            return Outcome::Done(vec![Effect::LoadCorrections(
                super::corrections::Owner::Client(c.id),
            )]);
        }
        (Command::Corrections, Detail::Staff(s)) => {
            return Outcome::Done(vec![Effect::LoadCorrections(
                super::corrections::Owner::Staff(s.id),
            )]);
        }
        (Command::AddCertification, Detail::Client(c)) => {
            let client_id = c.id;
            open_new(m, FormKind::AddCertification { client_id });
        }
        (Command::MarkNoBenefit, Detail::Client(c)) => {
            let client_id = c.id;
            open_new(m, FormKind::NoBenefitMonth { client_id });
        }
        (Command::WriteNote, Detail::Client(c)) => {
            return Outcome::Done(vec![Effect::OpenEdit(EditTarget::NewNote {
                client_id: c.id,
                category: None,
                at: m.now,
                plan_id: None,
                stay: None,
            })]);
        }
        (Command::VideoConsent, Detail::Client(c)) => {
            let client_id = c.id;
            let on = c
                .video_consent_on
                .map(crate::domain::dates::iso)
                .unwrap_or_else(|| crate::domain::dates::iso(m.today));
            super::forms::open_form(m, FormKind::VideoConsent { client_id }, vec![on]);
        }
        (Command::SameBuilding, Detail::Client(c)) => {
            let client_id = c.id;
            match c.same_building.last() {
                None => open_new(
                    m,
                    FormKind::SameBuilding {
                        client_id,
                        id: None,
                        version: 0,
                    },
                ),
                // Several periods: the corrections list, at the newest, to pick any one.
                Some(_) if c.same_building.len() > 1 => {
                    m.corrections_at = Some(Command::ToSameBuilding);
                    return Outcome::Done(vec![Effect::LoadCorrections(
                        super::corrections::Owner::Client(client_id),
                    )]);
                }
                Some(s) => {
                    let values = super::forms::same_building_values(s, m.lang);
                    let kind = FormKind::SameBuilding {
                        client_id,
                        id: Some(s.id),
                        version: s.version,
                    };
                    super::forms::open_form(m, kind, values);
                }
            }
        }
        (Command::Terminal, Detail::Client(c)) => {
            let (consent, died, place) = &c.terminal;
            let values = super::forms::terminal_values(*consent, *died, place.as_deref(), m.lang);
            let client_id = c.id;
            super::forms::open_form(m, FormKind::Terminal { client_id }, values);
        }
        (Command::AddStay, Detail::Client(c)) => {
            let client_id = c.id;
            open_new(
                m,
                FormKind::Stay {
                    client_id,
                    id: None,
                    version: 0,
                },
            );
        }
        (Command::EditStay, Detail::Client(c)) => {
            let Some(s) = c.stays.last() else {
                m.status = Some((Severity::Info, T::NoStayYet.s(m.lang).into()));
                return Outcome::Done(vec![]);
            };
            // Several stays: the corrections list, at the newest, to pick any one.
            if c.stays.len() > 1 {
                m.corrections_at = Some(Command::ToStays);
                return Outcome::Done(vec![Effect::LoadCorrections(
                    super::corrections::Owner::Client(c.id),
                )]);
            }
            let kind = FormKind::Stay {
                client_id: c.id,
                id: Some(s.id),
                version: s.version,
            };
            let values = super::forms::stay_values(s, m.lang);
            super::forms::open_form(m, kind, values);
        }
        (Command::OpenPlanSteps, Detail::Client(_)) => {
            super::plan_steps::open(m);
        }
        (Command::OpenBoardRow, Detail::Client(c)) => {
            let id = c.id;
            return Outcome::Done(super::board::open_client_row(m, id));
        }
        (Command::OpenCaseRecord, Detail::Client(c)) => {
            return Outcome::Done(vec![Effect::LoadCaseRecord {
                client: c.id,
                history: false,
            }]);
        }
        (Command::NewPlan, Detail::Client(c)) => {
            return Outcome::Done(vec![Effect::OpenEdit(EditTarget::NewPlan(c.id))]);
        }
        (Command::PlanStatus, Detail::Client(c)) => {
            if c.plans.is_empty() {
                m.status = Some((Severity::Info, T::NoPlanYet.s(m.lang).into()));
                return Outcome::Done(vec![]);
            }
            return Outcome::Done(vec![Effect::OpenEdit(EditTarget::PlanStatus(c.id))]);
        }
        (Command::Quit, _) => return Outcome::Done(quit(m)),
        (other, _) => return Outcome::Pass(other),
    }
    Outcome::Done(vec![])
}

pub(super) fn detail_ref(m: &Model) -> Option<DetailRef> {
    m.overlays.iter().rev().find_map(|o| match o {
        Overlay::Detail {
            detail: Detail::Client(c),
            ..
        } => Some(DetailRef::Client(c.id)),
        Overlay::Detail {
            detail: Detail::Provider(p),
            ..
        } => Some(DetailRef::Provider(p.id)),
        Overlay::Detail {
            detail: Detail::Staff(s),
            ..
        } => Some(DetailRef::Staff(s.id)),
        _ => None,
    })
}

/// A record's detail, read: replaces the one on screen, closes it if the record is gone, or
/// opens it.
pub(super) fn loaded(m: &mut Model, d: Option<Detail>) -> Vec<Effect> {
    m.dirty = true;
    if let Some(pos) = m
        .overlays
        .iter()
        .rposition(|o| matches!(o, Overlay::Detail { .. }))
    {
        match d {
            Some(d) => {
                if let Overlay::Detail { detail, .. } = &mut m.overlays[pos] {
                    *detail = d;
                }
            }
            None => {
                m.overlays.remove(pos);
            }
        }
    } else if let Some(d) = d {
        m.overlays.push(Overlay::Detail {
            detail: d,
            scroll: 0,
        });
    }
    // Opened from ホーム's 手順未確認: the steps come up over the record at once.
    if let Some(id) = m.steps_after_detail.take()
        && super::plan_steps::view_of(m).is_some_and(|v| v.id == id)
    {
        super::plan_steps::open(m);
    }
    vec![]
}

/// The keys of a record's detail: `resolve` reads them, and the help lists them.
pub(super) const BINDINGS: &[Binding] = &[
    b(
        Context::Detail,
        &[Key::Char('e')],
        Command::Edit,
        "編集",
        "edit",
    ),
    b(
        Context::Detail,
        &[Key::Char('x')],
        Command::Corrections,
        "訂正・取り消し（認定・計画・担当・給付管理なしの月・常勤換算）",
        "correct or withdraw (certifications, plans, care managers, months, FTE)",
    ),
    b(
        Context::Detail,
        &[Key::Char('d')],
        Command::Delete,
        "契約終了／削除／退職",
        "end contract / delete / leaves",
    ),
    b(
        Context::Detail,
        &[Key::Char('c')],
        Command::AddCertification,
        "認定を追加（利用者）",
        "add certification (client)",
    ),
    b(
        Context::Detail,
        &[Key::Char('m')],
        Command::MarkNoBenefit,
        "給付管理なしの月を理由と共に記録（取り消しは x）（利用者）",
        "mark a month without benefit management, with the reason (withdraw with x)",
    ),
    b(
        Context::Detail,
        &[Key::Char('p')],
        Command::NewPlan,
        "ケアプランの新しい版（利用者）",
        "new care plan revision (client)",
    ),
    b(
        Context::Detail,
        &[Key::Char('v')],
        Command::VideoConsent,
        "テレビ電話モニタリングの同意を記録・訂正・取消（利用者）",
        "record, correct or withdraw the consent to video monitoring (client)",
    ),
    b(
        Context::Detail,
        &[Key::Char('b')],
        Command::SameBuilding,
        "同一建物減算の期間を記録・最新を訂正（利用者）",
        "record a same-building period or correct the latest (client)",
    ),
    b(
        Context::Detail,
        &[Key::Char('t')],
        Command::Terminal,
        "ターミナルケアマネジメントの同意と死亡（日と場所）を記録・訂正（利用者）",
        "record or correct the terminal-care consent and the death, day and place (client)",
    ),
    b(
        Context::Detail,
        &[Key::Char('h')],
        Command::AddStay,
        "入院・入所を記録（利用者）",
        "record a hospital or facility stay (client)",
    ),
    b(
        Context::Detail,
        &[Key::Char('H')],
        Command::EditStay,
        "最新の入院・入所を訂正・退院を記入（利用者）",
        "correct the latest stay or enter its discharge (client)",
    ),
    b(
        Context::Detail,
        &[Key::Char('s')],
        Command::OpenPlanSteps,
        "計画の手順（アセスメント・会議・同意・交付）を見て記録（利用者）",
        "the plan's steps (assessment, meeting, consent, hand-over): see and record (client)",
    ),
    b(
        Context::Detail,
        &[Key::Char('o')],
        Command::PlanStatus,
        "最新の計画の同意日・交付日・状態（利用者）",
        "latest plan's consent, hand-over and status (client)",
    ),
    b(
        Context::Detail,
        &[Key::Char('n')],
        Command::WriteNote,
        "支援経過を書く（訪問・電話・会議…）（利用者）",
        "write a case record entry (visit, call, meeting…) (client)",
    ),
    b(
        Context::Detail,
        &[Key::Char('B')],
        Command::OpenBoardRow,
        "今月の計画・送付でこの利用者の行を開く（利用者）",
        "this month's board at the client's row (client)",
    ),
    b(
        Context::Detail,
        &[Key::Char('r')],
        Command::OpenCaseRecord,
        "支援経過を開く（検索・訂正）（利用者）",
        "open the case record (search, correct) (client)",
    ),
    b(
        Context::Detail,
        &[Key::Char('j'), Key::Code(KeyCode::Down)],
        Command::Down,
        "下へスクロール",
        "scroll down",
    ),
    b(
        Context::Detail,
        &[Key::Char('k'), Key::Code(KeyCode::Up)],
        Command::Up,
        "上へスクロール",
        "scroll up",
    ),
    b(
        Context::Detail,
        &[Key::Code(KeyCode::Esc)],
        Command::Back,
        "一覧に戻る",
        "back to the list",
    ),
];

//! Every piece of interface text, Japanese and English side by side. (Validation messages of
//! typed values live with their rules in `domain`, also in both languages.)
//!
//! The plans board's texts are in `board.rs` (`BoardText`), the form editor's in `form.rs`
//! (`FormText`); everything else is in `T` below.

use crate::domain::Lang;

macro_rules! texts {
    ($enum:ident; $($name:ident => $ja:expr, $en:expr;)*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $enum { $($name),* }
        impl $enum {
            pub fn s(self, lang: Lang) -> &'static str {
                match self { $($enum::$name => lang.pick($ja, $en)),* }
            }
        }
    };
}

mod board;
mod form;

pub use board::BoardText;
pub use form::FormText;

texts! {
    T;
    TabHome => "ホーム", "Home";
    Loading => "読み込み中…", "Loading…";
    TabClients => "利用者", "Clients";
    TabProviders => "事業所", "Providers";
    TabOffice => "職員・事業所", "Office";
    TabCaseload => "件数", "Caseload";
    TabBoard => "計画・送付", "Plans";
    TabEnrollment => "加入", "Enrollment";
    TabMonitoring => "モニタリング", "Monitoring";
    ClientTitle => "利用者 {name}", "Client: {name}";
    StaffTitle => "職員 {name}", "Staff: {name}";
    ProviderTitle => "事業所 {name}", "Provider: {name}";
    AsOf => "（{d} 時点: この日で月が終わったら）", "(as of {d}, as if the month ended then)";
    AllShort => "すべて", "all";
    CutBecause => "減算の理由", "cut for";
    StepsShort => "・手順✗", ", steps ✗";
    SinceMonths => "（{m} から {n}か月）", " (from {m}, month {n})";
    Excuse => "特段の事情", "excused";
    StepsMissing => "手順未確認（運営基準）", "steps not proven";
    StepsToDo => "未了の手順", "steps to do";
    SinceDate => "（{d} から）", " (from {d})";
    NotHandedTo => "未交付", "not handed to";
    HomeMonitoring => "今月モニタリング未実施 {n}人（連続 {r}人）", "monitoring missing: {n} ({r} running)";
    HomeMonitoringDone => "今月のモニタリング: 全員実施", "monitoring this month: all done";
    HomeMonitoringNoneDue => "今月のモニタリング: 対象の利用者なし", "monitoring this month: no client is due";
    MonitoringThisMonth => "今月のモニタリング:", "Monitoring this month:";
    CutIfEnded => "運営基準減算のおそれ {p}% {u}単位", "fee cut at risk: {p}% {u} units";
    RecentNotes => "支援経過（最近） n 書く r すべて", "Case record (latest)  n write  r all";
    KasanEvidence => "根拠", "evidence";
    KasanThisMonth => "今月の加算（候補のみ。算定は判断しません。K で判断を記録）", "This month's 加算 (candidates only, never bills; K records a decision)";
    KasanDecisionIs => "判断", "decision";
    KasanDecideTitle => "加算の判断", "Decision on a 加算";
    KasanPick => "加算", "加算";
    KasanVerdict => "判断", "Decision";
    PickKasan => "一覧から加算を選んでください", "pick a 加算 from the list";
    NoKasanThisMonth => "今月はこの利用者に判断する加算がありません", "No 加算 to decide for this client this month";
    HintKasanRef => "今月の加算を一覧から選ぶ（↑↓ Enter）", "pick this month's 加算 from the list (↑↓ Enter)";
    HintDecision => "← → で選ぶ。算定しない・取り消しは理由が必要", "← → to choose; rejecting or withdrawing needs a reason";
    NoNotesYet => "まだ記録がありません", "no entries yet";
    Showing => "表示", "showing";
    OnlyFailing => "要対応（未実施・減算のおそれ）のみ", "to act on (missing or at risk)";
    ClientShort => "利用者", "Client";
    MonitoringStatus => "状況", "Status";
    LastContact => "最後の連絡", "Last contact";
    CutIfEndedNow => "減算（単位）", "Cut (units)";
    NoneFailing => "この月は未実施の利用者はいません", "No client is missing this month";
    MonthsRunning => "{n}か月連続", "{n} mo. running";
    VideoNotCounted => "テレビ電話✗", "video ✗";
    SupportMark => "（予）", " (S)";
    RecordObservation => "加入状況の記録", "Record enrollment status";
    AddOutreach => "働きかけの記録", "Record outreach";
    EnrollStatus => "加入状況", "Status";
    EnrollSource => "情報源", "Source";
    ObservedOn => "確認日", "Observed on";
    ObservedSystem => "連携方式", "System";
    ObservedSystemNote => "空欄は連携ソフト（旧）", "empty: the old exchange client";
    StatusSystem => "利用中の方式", "On system";
    WebRegistered => "WEBサービス登録日", "Registered (WEB)";
    Note => "メモ", "Note";
    OutreachDate => "日付", "Date";
    OutreachMethod => "方法", "Method";
    OutreachWho => "相手", "Who";
    OutreachSaid => "伝えたこと", "What was said";
    OutreachOutcome => "結果（見送りは理由）", "Outcome";
    OutreachOutcomeNote => "見送りならその理由も書く", "if declined, the reason too";
    OutreachStage => "段階", "Stage";
    NextFollowUp => "次回フォロー日", "Next follow-up";
    EditOfficeExchange => "自事業所の連携の状況", "The office and the exchange";
    ExchangeStatus => "利用状況を追加", "Add exchange status";
    ExchangeStatusNote => "空欄なら変えない", "empty: no change";
    ExchangeStatusFrom => "その適用日", "Status from";
    LicenceApplied => "ライセンス申請日", "Licence applied";
    LicenceUntil => "ライセンス有効期限", "Licence valid until";
    AutoRenewal => "自動更新", "Auto-renewal";
    FreePassFrom => "フリーパス開始日", "Free pass from";
    FreePassUntil => "フリーパス終了日", "Free pass until";
    CertificateType => "電子証明書の種類", "Certificate type";
    CertificateExpiry => "電子証明書の有効期限", "Certificate expiry";
    ClientPc => "連携ソフトのPC", "Client PC";
    PledgeOn => "処遇改善の誓約日", "Pledge date";
    PledgeOnNote => "賃上げ・処遇改善の誓約をした日", "the day the wage-improvement pledge was made";
    BatchKeys => "←/→ 月  j/k 選択  s この事業所を送付済みに  S 全て送付済みに  Esc 閉じる", "←/→ month  j/k select  s mark this provider sent  S mark all sent  Esc close";
    HistoryKeys => "Esc 閉じる", "Esc close";
    ProviderPanelKeys => "j/k スクロール  r 状況の記録  a 働きかけの記録  Esc 閉じる", "j/k scroll  r record status  a record outreach  Esc close";
    OfficePanelKeys => "j/k スクロール  e 編集  Esc 閉じる", "j/k scroll  e edit  Esc close";
    MoveInKeys => "j/k 移動  Enter 利用者  d 対応済み  x 取り下げ  Esc 閉じる", "j/k move  Enter client  d done  x withdraw  Esc close";
    MoveInTitle => "移行の確認待ち", "Move-in reviews";
    MoveInNothing => "確認待ちはありません", "Nothing left to review";
    MoveInOnHome => "移行の確認待ち {n} 件（m で開く）", "{n} move-in items to review (m opens)";
    ReviewsKeys => "j/k 移動  a ファイルの値を採用  x こちらのまま  c 登録  Esc 閉じる", "j/k move  a take theirs  x keep ours  c register  Esc close";
    HomeDeadlines => "期限（残り日数順）", "Deadlines (by days left)";
    HomeDeadlinesShort => "期限", "Deadlines";
    All => "全て", "all";
    Band => "区分", "Band";
    Billed => "請求", "Billed";
    Position => "位置", "Pos.";
    ColUnits => "単位", "Units";
    ColLevel => "要介護度", "Level";
    ColContract => "契約日", "Contract";
    Units => "単位", " units";
    Hypothetical => "（試算で追加）", "(what-if)";
    FeeSchedule => "費", "Schedule";
    Difference => "差", "Diff.";
    NextClient => "次に受ける利用者の単位数", "Units of the next client";
    HeadFolded => "見出し+{n}行 v", "head +{n} lines v";
    HeadFold => "v たたむ", "v fold";
    FieldNotesTitle => "入力欄の説明", "Form fields explained";
    AgeYears => "{n}歳", "age {n}";
    DeliveriesThisMonth => "{month}の提供票・実績（B で計画・送付の行を開く）", "Schedules and actuals, {month} (B opens the board row)";
    PrintoutWritten => "印刷用ファイルを書き出しました（本人のみ読み書き可）: {path}", "Printable file written (owner-only): {path}";
    WhatIf => "試算", "What-if";
    NotCountedShort => "除外", "out";
    SupportCounts => "要支援", "support";
    Forecast => "見込み 件数(i/ii/iii):", "Ahead, caseload (i/ii/iii):";
    FeeIiFiled => "(II)の届出", "(II) filed";
    ExchangeUse => "データ連携の利用", "Exchange use";
    SupportOrdering => "要支援の並べ方", "Support clients";
    HomeCaseload => "取扱件数", "Caseload";
    TooSmall => "端末が小さすぎます", "Terminal too small";
    Search => "検索", "Search";
    SearchHint => "氏名・フリガナ（ひらがな可）・被保険者番号", "name, kana or insured number";
    ProviderSearchHint => "事業所名・フリガナ・事業所番号", "name, kana or office number";
    CmNumberShort => "CM番号", "CM no.";
    Matches => "件", "found";
    Name => "氏名", "Name";
    Kana => "フリガナ", "Kana";
    BirthDate => "生年月日", "Birth date";
    Sex => "性別", "Sex";
    InsurerNumber => "保険者番号", "Insurer no.";
    InsuredNumber => "被保険者番号", "Insured no.";
    InsuredShort => "被保番号", "Ins. no.";
    Address => "住所", "Address";
    Phone => "電話番号", "Phone";
    ContractDate => "契約日", "Contract date";
    Estimated => "推定", "estimated";
    ContractEnd => "契約終了日", "Contract end";
    EndReason => "終了理由", "End reason";
    CareManager => "担当介護支援専門員", "Care manager";
    CareManagerShort => "担当", "CM";
    AssignFrom => "担当開始日", "Assigned from";
    CareLevel => "要介護度", "Care level";
    CertStatus => "認定状況", "Status";
    CertifiedOn => "認定日", "Certified on";
    ValidFrom => "認定有効期間開始日", "Valid from";
    ValidTo => "認定有効期間終了日", "Valid to";
    CertValidTo => "認定期限", "Cert. ends";
    Certifications => "認定履歴", "Certifications";
    CareManagers => "担当履歴", "Care managers";
    NoBenefitMonths => "給付管理なしの月", "Months without benefit management";
    HandOverTitle => "計画の交付を記録（事業所）", "Record the plan's hand-over (providers)";
    PaperCheckTitle => "手順を紙の記録で確認", "Steps checked on paper";
    PlanStepsTitle => "計画の手順", "Plan steps";
    StepBeforeRecords => "導入前（記録なし）", "before records (kept elsewhere)";
    StepToDo => "未（期日前）", "to do (not due)";
    StepMissingSince => "記録なし {d}〜", "none since {d}";
    StepOnPaper => "紙の記録で確認済み（{d} に記録）", "checked on paper (noted {d})";
    Month => "月", "Month";
    Reason => "理由", "Reason";
    ServingProviders => "利用中のサービス事業所", "Providers serving this client";
    OfficeNumber => "事業所番号", "Office no.";
    CorporationName => "法人名", "Corporation";
    CorporationNameNote => "空欄は事業所を1法人として数える", "empty: the provider counts alone";
    CorporationNumber => "法人番号", "Corporation no.";
    CorporationShort => "法人", "Corporation";
    CorporationNone => "なし（この事業所を1法人として数える）", "none (counts as its own)";
    ProviderName => "事業所名", "Office name";
    ServiceTypes => "サービス種類", "Service types";
    Fax => "FAX番号", "FAX";
    Email => "メールアドレス", "E-mail";
    ContactPerson => "担当者", "Contact";
    Channel => "連絡方法", "Channel";
    Notes => "備考", "Notes";
    ClientsCount => "利用者数", "Clients";
    Role => "職種", "Role";
    CmNumber => "介護支援専門員番号", "CM number";
    Fte => "常勤換算", "FTE";
    FteFrom => "適用開始日", "Effective from";
    FteHistory => "常勤換算の履歴", "FTE history";
    LeaveDate => "退職日", "Leaving date";
    AreaGrade => "地域区分", "Area grade";
    // On ホーム beside the grade, which says "grade 3" in English already.
    AreaOnHome => "地域区分", "Area";
    AreaGradeFrom => "地域区分の適用開始日", "Area grade from";
    RecordsSince => "記録開始日", "Records kept from";
    UnitsUnknown => "不明", "unknown";
    VideoConsentIs => "テレビ電話の同意: {d} から（v で訂正・取消）", "Video consent: from {d} (v to correct or withdraw)";
    VideoConsentNone => "テレビ電話の同意: 記録なし（v で記録）", "Video consent: none on record (v to record)";
    VideoConsentTitle => "テレビ電話モニタリングの同意", "Consent to video monitoring";
    StaysHeading => "入院・入所（h で記録、H で最新を訂正・退院を記入）", "Stays (h to record, H to correct the latest or enter the discharge)";
    StayIn => "入院中", "present";
    StayAfterHoursMark => "（時間外）", " (after hours)";
    TerminalTitle => "ターミナルケアマネジメントの同意と死亡", "Terminal care consent and death";
    TerminalConsentOn => "同意日", "Consent date";
    TerminalConsentOnNote => "空欄は記録なし", "empty: none on record";
    DiedOn => "亡くなった日", "Died on";
    DiedOnNote => "空欄は記録なし", "empty: none on record";
    DeathPlace => "亡くなった場所", "Place of death";
    DeathPlaceNote => "自宅・自宅以外", "home or other";
    DeathPlaceNeeded => "亡くなった場所を 自宅 か 自宅以外 で入力してください", "enter the place of death: home or other";
    TerminalIs => "ターミナル: 同意 {c}／死亡 {d}（t で訂正）", "Terminal care: consent {c}, died {d} (t to correct)";
    SameBuildingTitle => "同一建物減算の期間", "Same-building period";
    SameBuildingWhyLabel => "理由", "Why";
    SameBuildingWhyNote => "事業所と同じ建物・同一・隣接敷地・利用者20人以上の建物", "office_building, adjacent_site, twenty_plus";
    SameBuildingName => "建物", "Building";
    SameBuildingFrom => "開始日", "From";
    SameBuildingUntil => "終了日", "Until";
    SameBuildingUntilNote => "空欄は継続中", "empty: ongoing";
    SameBuildingIs => "同一建物: {w} {b} {f}〜{u}（b で訂正）", "Same building: {w} {b} {f}–{u} (b to correct)";
    NoStayYet => "入院・入所の記録がありません。h で記録してください", "No stay on record; h records one";
    NewStayTitle => "入院・入所を記録", "Record a stay";
    EditStayTitle => "入院・入所を訂正", "Correct a stay";
    StayInstitution => "入院・入所先", "Hospital or facility";
    StayKindLabel => "種類", "Kind";
    StayKindNote => "病院・診療所・特養・地域密着特養・老健・介護医療院", "hospital, clinic, tokuyo, chiiki_tokuyo, roken, iryoin";
    StayAdmittedOn => "入院・入所日", "Admitted on";
    StayAfterHours => "営業時間外の入院", "Admitted after hours";
    StayDischargedOn => "退院・退所日", "Discharged on";
    StayDestination => "退院先", "Destination";
    StayDestinationNote => "自宅・施設・転院・死亡", "home, facility, transfer, death";
    OfficeSystemTitle => "事業所の体制と特定事業所加算", "Office set-up and 特定事業所加算";
    OfficeSystemKeys => "h 営業時間  c 休業日  o 臨時営業日  w 取消  p 体制  ←→ 月  j/k  Esc 戻る  ? ヘルプ", "h hours  c closed  o open  w withdraw  p set-up  ←→ month  j/k  Esc back  ? help";
    BusinessHoursHeading => "営業日・営業時間（h で設定）", "Business days and hours (h sets)";
    NoHoursYet => "記録なし: 入院時の期限が判断できません（h で設定）", "none on record: the admission windows cannot be judged (h sets)";
    HolidaysClosedMark => "祝日休み", "closed on holidays";
    HolidaysOpenMark => "祝日も営業", "open on holidays";
    ClosuresHeading => "休業日・臨時営業日（今後3か月。c 休業・o 営業・w 取消）", "Closed and open days (next 3 months; c closed, o open, w withdraw)";
    NoClosures => "なし", "none";
    OpenDayMark => "営業", "open";
    ClosedDayMark => "休業", "closed";
    SystemHeading => "体制の期間（p で設定）", "Set-up periods (p sets)";
    NoPeriod => "なし", "none";
    BusinessHoursTitle => "営業日・営業時間の設定", "Set the business days and hours";
    HoursFrom => "適用開始日", "From";
    HoursWeekdays => "営業日の曜日", "Business weekdays";
    HoursOpens => "始業", "Opens";
    HoursCloses => "終業", "Closes";
    HolidaysClosed => "祝日は休み", "Closed on holidays";
    ClosedDaysTitle => "休業日を記録", "Record closed days";
    OpenDaysTitle => "臨時営業日を記録", "Record open days";
    DaysFrom => "開始日", "From";
    DaysUntil => "終了日", "Until";
    DaysUntilNote => "空欄は開始日の1日だけ", "empty: the first day only";
    DaysReason => "理由", "Reason";
    WithdrawDaysTitle => "休業日・営業日の記録を取り消す", "Withdraw a closed or open day record";
    DaysRecord => "取り消す記録", "Record";
    PickDays => "一覧から記録を選んでください", "pick a record from the list";
    OfficePeriodTitle => "体制の期間を設定", "Set a set-up period";
    PeriodSetting => "体制", "Set-up";
    PeriodSettingNote => "特定事業所加算(I)〜(A)・医療介護連携・24時間連絡体制", "tokutei_1 … tokutei_a, iryo_kaigo_renkei, contact_24h";
    SystemFrom => "開始日（空欄=取消）", "From (empty clears)";
    SystemUntil => "終了日", "Until";
    HintWeekdays => "例: 月-金 / 1-5 / 月火水木金 / mon-fri", "e.g. mon-fri / 1-5 / mon,tue,wed";
    HintClock => "例: 08:30", "e.g. 08:30";
    NoteMethod => "方法", "Method";
    NotePlace => "場所", "Place";
    NoteStay => "入院・入所", "Stay";
    NoteStayNote => "利用者の入院・入所から選ぶ（記録は詳細で h）", "pick one of the client's stays (record one with h on the client)";
    NoteConference => "カンファレンス", "Conference";
    NoteDocument => "共同指導の写しあり", "Document on file";
    NoteDocumentNote => "カンファレンスの共同指導の文書の写しを保管", "a copy of the joint-guidance document of the conference is kept";
    NoteDoctorKind => "医師・歯科医師", "Doctor or dentist";
    NoteTold => "伝えた内容", "What was told";
    NoteHeard => "医師から聞いた内容", "What the doctor said";
    NoteRequestedBy => "求めた医療機関", "Requested by";
    NoteMedicalAttended => "医師・看護師等の同席", "Doctor/nurse present";
    NotePlanChanged => "計画の変更", "Plan changed";
    NoStayToPick => "この利用者の入院・入所の記録がありません。利用者の詳細で h を押して記録してから選んでください", "this client has no stay on record: record it with h on the client, then pick it";
    PickStay => "一覧から入院・入所を選んでください", "pick a stay from the list";
    VideoConsentOn => "同意日（空欄=取消）", "Consent date";
    VideoConsentOnNote => "空欄にすると同意の取消を記録", "empty records the consent withdrawn";
    EntriesBeforeRecords => "⚠ この日より前の支援経過 {n} 件は判定に使いません", "⚠ {n} case-record entries before it are not judged";
    RecordsSinceUnset => "未設定（導入前の記録も数えています）", "not set (history is judged too)";
    SpecialArea => "特別地域", "Special area";
    Office => "事業所", "Office";
    Staff => "職員", "Staff";
    Status => "状態", "Status";
    Active => "契約中", "active";
    Ended => "終了", "ended";
    Yes => "はい", "yes";
    No => "いいえ", "no";
    NotSet => "（未設定）", "(not set)";
    Required => "必須", "required";
    NewClient => "利用者の新規登録", "New client";
    EditClient => "利用者の編集", "Edit client";
    EndContract => "契約の終了", "End contract";
    AddCertification => "認定の追加", "Add certification";
    MarkNoBenefit => "給付管理なしの月", "Month without benefit management";
    NewPlan => "ケアプランの新しい版", "New care plan revision";
    PlanStatusTitle => "ケアプランの同意・状態（最新の版）", "Care plan consent and status (latest revision)";
    AddMonthProvider => "この月だけ事業所を追加", "Add a provider for this month";
    CarePlans => "ケアプラン（新しい順）", "Care plans (newest first)";
    PlanDate => "作成（変更）日", "Plan date";
    FirstPlanDate => "初回計画作成日", "First plan date";
    PlanKindLabel => "区分", "Kind";
    PeriodFrom => "計画期間 開始", "Period from";
    PeriodTo => "計画期間 終了", "Period to";
    ConsentDate => "同意日", "Consent date";
    HandedDate => "交付日", "Handed to client";
    PlanStatusLabel => "状態", "Status";
    PlanLines => "サービス", "Services";
    ServiceType => "サービス種類", "Service type";
    NewProvider => "事業所の新規登録", "New provider";
    EditProvider => "事業所の編集", "Edit provider";
    NewStaff => "職員の新規登録", "New staff member";
    EditStaff => "職員の編集", "Edit staff member";
    StaffLeaves => "職員の退職", "Staff member leaves";
    EditOffice => "事業所情報の編集", "Edit office";
    FormKeys => "Ctrl+S 保存  Esc 取消  Tab/↓ 次の項目  Shift+Tab/↑ 前の項目", "Ctrl+S save  Esc cancel  Tab/↓ next  Shift+Tab/↑ previous";
    FixErrors => "赤い項目を直してから保存してください", "Fix the fields marked in red, then save";
    Saved => "保存しました", "Saved";
    DiscardForm => "入力中の内容を破棄しますか？", "Discard what you typed?";
    ConfirmEndContract => "この日付で契約を終了します。よろしいですか？（誤りなら後で終了日を空にして保存すれば取り消せます）", "End the contract on this date? (To undo, save this form again with the date empty.)";
    ConfirmStaffLeaves => "この日から常勤換算 0（退職）を記録します。よろしいですか？（誤りなら e で常勤換算を直せます）", "Record FTE 0 (leaving) from this date? (To undo, set the FTE again with e.)";
    ConfirmKeys => "y: はい  n/Esc: いいえ", "y: yes  n/Esc: no";
    ConfirmDeleteProvider => "この事業所を削除しますか？（監査ログには残ります）", "Delete this provider? (the audit log keeps a record)";
    ConfirmCheckDigit => "事業所番号の検査数字が一般的な規則と合いません。番号が正しいことを確認しましたか？", "The office number's check digit does not follow the usual rule. Have you checked the number is right?";
    Conflict => "他の端末で先に変更されました（保存していません）。変わった項目", "Changed in another session first (not saved). Changed fields";
    ConflictHint => "相手だけが変えた項目は相手の値にしました。あなたの入力は残っています。確かめて Ctrl+S で保存、Esc で破棄", "Fields only they changed now hold their values; your input is kept. Check, then Ctrl+S saves, Esc discards";
    CorrectionsKeys => "Enter 訂正  w 取り消し（理由を記録）  c 認定へ  p 計画へ  ↑↓ 選ぶ  Esc 戻る", "Enter correct  w withdraw  c cert.  p plans  ↑↓  Esc back";
    CorrectionsKeysNoJump => "Enter 訂正  w 取り消し（理由を記録）  ↑↓ 選ぶ  Esc 戻る", "Enter correct  w withdraw  ↑↓ choose  Esc back";
    SearchKeys => "文字を入れて絞り込み  Enter 選んだ行を開く  ↑↓ 選ぶ  Esc 検索を解除", "type to filter  Enter open the highlighted  ↑↓ move  Esc clear";
    CorrectionsTitle => "訂正・取り消し", "Correct or withdraw";
    CorrectionsEmpty => "訂正できる記録はまだありません", "Nothing recorded to correct yet";
    CaseRecordTitle => "支援経過", "Case record";
    WithHistory => "（訂正・取り消しを含む）", "(with corrections and withdrawals)";
    CaseRecordEmpty => "この期間の記録はまだありません。n で記録を書きます", "No entries yet. Press n to write one";
    NoteWithdrawal => "取消", "withdrawal";
    NoteSuperseded => "訂正済", "corrected";
    NoteWithdrawn => "取消済", "withdrawn";
    WrittenBy => "記録: {at} {by}", "written {at} by {by}";
    NoteCorrection => "訂正", "correction";
    Counterpart => "相手", "With";
    AssignedShort => "担当", "CM";
    WithdrawsEntry => "#{id} を取り消し", "withdraws #{id}";
    CorrectsEntry => "#{id} を訂正", "corrects #{id}";
    NoteReason => "理由（特段の事情等）", "Reason";
    NoteReasonNote => "特段の事情などの理由", "the reason, such as special circumstances";
    NotePlanDate => "計画の作成日", "Plan date";
    NotePlanDateNote => "会議・アセスメントの記録が属する計画の作成日", "the plan a meeting or assessment belongs to";
    Attendees => "出席者", "Attendees";
    NoteNotCurrent => "訂正・取り消し済みの記録です。訂正するには最新の記録（h で隠れている方）を選んでください", "This entry was corrected or withdrawn: pick the entry that stands (h hides the others)";
    NewNote => "支援経過の記録", "Case record entry";
    CorrectNote => "支援経過の訂正", "Correct a case record entry";
    NoteAt => "日時", "Date and time";
    NoteCategoryLabel => "項目", "Category";
    NoteBody => "内容", "Text";
    EditCertification => "認定の訂正", "Correct certification";
    EditPlan => "ケアプランの版の訂正", "Correct plan revision";
    EditAssignment => "担当の訂正", "Correct care-manager assignment";
    EditFte => "常勤換算の訂正", "Correct FTE";
    EditObservation => "加入状況の記録の訂正", "Correct enrollment observation";
    EditOutreach => "働きかけの記録の訂正", "Correct outreach entry";
    WithdrawTitle => "記録の取り消し", "Withdraw a record";
    ChangeOfLevel => "区分変更", "Level change";
    CorrectionReason => "訂正の理由", "Why corrected";
    WithdrawReason => "取り消しの理由", "Why withdrawn";
    Withdrawing => "取り消す記録", "Record";
    DraftOffer => "前回、保存されずに終了した入力があります", "Input from a session that ended without saving was kept";
    DraftKeys => "y: 復元する  n: 破棄する  Esc: あとで", "y: restore  n: discard  Esc: later";
    DraftSavedAt => "保存日時", "Saved at";
    Help => "キー操作", "Keys";
    HelpClose => "j/k スクロール  PgDn/PgUp ページ  g/G 先頭・末尾  Esc または ? で閉じる", "j/k scroll  PgDn/PgUp page  g/G ends  Esc or ? closes";
    OtherSessionChanged => "他の端末での変更を反映しました", "Updated with changes from another session";
    HomeOffice => "事業所", "Office";
    HomeClients => "利用者（契約中）", "Clients (active)";
    HomeLoads => "担当別の利用者数", "Clients per care manager";
    DaysLeft => "日", "d";
    Nothing => "なし", "none";
    Pending => "申請中", "pending";
    CareTotal => "要介護", "care";
    SupportTotal => "要支援", "support";
    CommunityTotal => "事業対象者", "community program";
    PendingTotal => "申請中", "pending";
    Persons => "人", "";
    NoSelection => "選択されていません", "Nothing selected";
    NoOfficeYet => "事業所情報が未設定です（4 職員・事業所 → o で設定）", "Office not set up yet (4 Office & staff → o)";
    DetailKeys => "n 記録 r 経過 e 編集 x 訂正 d 終了 c 認定 m 給付なし p 新版 o 同意 h 入院 K 加算 Esc 戻る", "n note  r case record  e edit  x correct  d end  c cert.  m no-benefit  p new plan  o consent  h stay  K 加算  Esc back";
    ProviderDetailKeys => "e 編集  d 削除  Esc 戻る", "e edit  d delete  Esc back";
    StaffDetailKeys => "e 編集（常勤換算の変更も）  x 常勤換算の訂正・取消  d 退職  Esc 戻る", "e edit (incl. FTE)  x correct FTE rows  d leaves  Esc back";
    ActiveClients => "担当中の利用者", "Active clients";
    ChoiceHint => "候補", "allowed";
    EndedNotice => "契約終了", "contract ended";
    // Punctuation that differs between the two: a range of dates, a list, an aside, a mark.
    Through => "〜", " – ";
    ListSep => "・", ", ";
    ParenOpen => "（", " (";
    ParenClose => "）", ")";
    MarkOpen => "【", "[";
    MarkClose => "】", "]";
    Bullet => "・", "- ";
    ObservationsHeading => "加入状況の確認（新しい順）", "Status observations (newest first)";
    OutreachHeading => "働きかけ（新しい順）", "Outreach (newest first)";
    TalkingPointsHeading => "伝える材料（今有効なもの）", "Talking points (in force now)";
    ProviderPanelFoot => "r 状況を記録  a 働きかけを記録  Esc 戻る", "r record status  a record outreach  Esc back";
    OfficePanelTitle => "自事業所の連携の状況", "The office and the exchange";
    OfficePanelFoot => "e 編集（利用状況の追加・期限など）  Esc 戻る", "e edit (add a status, dates…)  Esc back";
    NotNeededSinceMove => "（WEBサービスへの移行で不要）", "(not needed since the move)";
    EnrollmentStatusLabel => "加入状況", "status";
    ServicesLabel => "サービス", "services";
    // Details, 件数, dialogs.
    ThroughSpaced => " 〜 ", " – ";
    CheckDigitAccepted => "（検査数字の不一致を確認済み）", " (check digit mismatch accepted)";
    ListComma => "、", ", ";
    RulesFrom => "規則表 ", "rules from ";
    YenPerMonth => "円/月", " yen/month";
    IfBandI => "(i)なら", "not";
    Care3To5 => "要介護3〜5", "care 3–5";
    Care1To2 => "要介護1・2", "care 1–2";
    ConfirmTitle => "確認", "Confirm";
    DraftTitle => "下書き", "Draft";
    ErrorLabel => "エラー:", "Error:";
    NoPlanYet => "計画がまだありません。p で新しい版を作成してください", "no plan yet: p creates one";
    NoBenefitNotCorrected => "この記録は訂正ではなく取り消し（w）か、m で付け直してください", "withdraw this one (w), or mark the month again with m";
    PlanNotWithdrawn => "計画の版は取り消せません。誤りは Enter で訂正するか、新しい版（詳細で p）を作成してください", "a plan revision is not withdrawn: correct it with Enter, or make a new revision (p in the detail)";
    OnlyUnknownClient => "未登録の利用者の行で使えます", "only on an unknown client";
    MonthFormat => "%Y年%m月", "%Y-%m";
    MonthShortFormat => "%-m月", "%b";
    // The 加入 list and the office panel.
    EnrFilterNotEnrolled => "加入済み以外", "not enrolled";
    EnrFilterStale => "確認が古い", "stale";
    EnrFilterFollowUpDue => "フォロー期日", "follow-up due";
    EnrFilterPaper => "紙で送付", "paper";
    EnrFilterExchange => "連携で送付", "exchange";
    EnrSortAskFirst => "依頼の優先順", "ask first";
    EnrSortClients => "利用者数", "clients";
    EnrStatus => "状況", "status";
    EnrSortAge => "確認が古い順", "oldest check";
    EnrSortFollowUp => "次回フォロー", "follow-up";
    EnrSource => "情報源", "source";
    EnrSortChannel => "方法", "channel";
    EnrSortName => "名前", "name";
    EnrColProvider => "事業所", "provider";
    EnrColAge => "経過", "age";
    EnrColClients => "利用", "cl.";
    EnrColVia => "方法", "via";
    EnrColStage => "段階", "stage";
    EnrNext => "次回", "next";
    OfficeExchangeUse => "利用状況", "exchange use";
    OfficeWebRegistered => "WEBサービス登録日", "WEB service registered";
    OfficeLicence => "ライセンス", "licence";
    OfficeApplied => "申請", "applied";
    OfficeUntil => "期限", "until";
    OfficeAutoRenewal => "自動更新", "auto-renewal";
    OfficeRenewByHand => "更新は手続きが必要", "renew by hand";
    OfficeFreePass => "フリーパス", "free pass";
    OfficeCertificate => "電子証明書", "certificate";
    OfficeExpires => "期限", "expires";
    OfficeClientPc => "連携ソフトのPC", "client PC";
    OfficeFeeII => "費(II)の届出", "fee schedule (II)";
    OfficePledge => "賃上げ・処遇改善の誓約", "pledge";
    OfficeDaysIn => "残り", "in";
    TargetNotFound => "対象が見つかりません（他の端末で削除された可能性があります）", "not found (perhaps deleted in another session)";
    KindCert => "認定", "cert.";
    KindChangeOfLevel => " 区分変更", " change of level";
    KindPlan => "計画", "plan";
    KindCareMgr => "担当", "care mgr";
    KindNoBenefit => "給付管理なし", "no benefit";
    KindEnrollment => "加入状況", "enrollment";
    KindOutreach => "働きかけ", "outreach";
    KindStay => "入院・入所", "stay";
    KindSameBuilding => "同一建物", "same bldg";
    PlanLinesKeys => "a 追加  Enter/e 変更  d 削除  ↑↓ 行  Tab 次の項目  Ctrl+S 保存  Esc 取消", "a add  Enter/e change  d remove  ↑↓ line  Tab next  Ctrl+S save  Esc cancel";
    PlanLinesProviderKeys => "名前・カナ・番号で絞り込み  ↑↓ 選ぶ  Enter 決定  Esc やめる", "type name, kana or number  ↑↓ pick  Enter take  Esc stop";
    PlanLinesConfirmKeys => "y はい  n いいえ", "y yes  n no";
    PlanLinesTypeKeys => "←→ 種類を選ぶ  Enter 決定  Esc やめる", "←→ choose the type  Enter take  Esc stop";
    PlanLinesFrequencyKeys => "Enter 決定  Shift+Tab 種類を選び直す  Esc やめる", "Enter take  Shift+Tab change the type  Esc stop";
    Demo => "デモ", "demo";
    ReadOnly => "読み取り専用", "read-only";
    ReadOnlyRefused => "読み取り専用で開いているため変更できません（何も変更していません）。変更するには、書き込める権限で、--read-only を付けずに開いてください", "Opened read-only: nothing can be changed (nothing was). To make changes, open it with write permission and without --read-only";
    ConcentrationNoteTitle => "正当な理由（特定事業所集中減算）", "Justification (concentration)";
    ConcentrationNote => "正当な理由", "Justification";
    ConcentrationNoteNote => "空欄で取り消し", "empty takes it back";
    ConcentrationTitle => "特定事業所集中減算", "Concentration on one corporation";
    ConcentrationKeys => "←/→ 判定期間  j/k サービス  e 正当な理由  Esc 閉じる", "←/→ period  j/k service  e justification  Esc close";
    ConcentrationNoNote => "正当な理由: なし（e で記入）", "justification: none (e to write one)";
    ConcentrationNoneShort => "正当な理由: なし", "justification: none";
    DraftKeptOnExit => "careplan: 入力中の内容を下書きとして保存しました。次回の起動時に復元できます", "careplan: what you were typing was kept as a draft; the next start offers it back";
}

/// The question after 加入済み is recorded, naming the provider and only what applies: the
/// channel to switch to 連携 (`switch`) and the open follow-up (`next`, its date).
pub fn follow_through_question(
    lang: Lang,
    name: &str,
    number: &str,
    switch: bool,
    next: Option<&str>,
) -> String {
    match lang {
        Lang::Ja => {
            let ask = match (switch, next) {
                (true, Some(d)) => {
                    format!(
                        "連絡方法を「連携」に変え、未完了の働きかけ（次回 {d}）を完了にしますか？"
                    )
                }
                (true, None) => "連絡方法を「連携」に変えますか？".to_string(),
                (false, Some(d)) => format!("未完了の働きかけ（次回 {d}）を完了にしますか？"),
                (false, None) => String::new(),
            };
            format!("{name}（{number}）を加入済みとして記録しました。{ask}")
        }
        Lang::En => {
            let ask = match (switch, next) {
                (true, Some(d)) => format!(
                    "Switch its channel to exchange and close the open follow-up (next {d})?"
                ),
                (true, None) => "Switch its channel to exchange?".to_string(),
                (false, Some(d)) => format!("Close the open follow-up (next {d})?"),
                (false, None) => String::new(),
            };
            format!("Recorded {name} ({number}) as enrolled. {ask}")
        }
    }
}

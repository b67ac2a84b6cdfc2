//! Every piece of interface text, Japanese and English side by side. (Validation messages of
//! typed values live with their rules in `domain`, also in both languages.)

use crate::domain::Lang;

macro_rules! texts {
    ($($name:ident => $ja:expr, $en:expr;)*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum T { $($name),* }
        impl T {
            pub fn s(self, lang: Lang) -> &'static str {
                match self { $(T::$name => lang.pick($ja, $en)),* }
            }
        }
    };
}

texts! {
    TabHome => "ホーム", "Home";
    TabClients => "利用者", "Clients";
    TabProviders => "事業所", "Providers";
    TabOffice => "職員・事業所", "Office & staff";
    TabCaseload => "件数", "Caseload";
    TabBoard => "計画・送付", "Plans & deliveries";
    BoardKeys => "←/→ 月 h/l j/k 移動 s 送付 a 行 p 列 r 実績 R 列 u 取消 t 表示 b 紙 ? ヘルプ", "←/→ month  h/l j/k move  s sent a row p col  r actuals R col  u undo  t view  b paper  ? keys";
    BatchKeys => "j/k 選択  s この事業所を送付済みに  S 全て送付済みに  Esc 閉じる", "j/k select  s mark this provider sent  S mark all sent  Esc close";
    HistoryKeys => "Esc 閉じる", "Esc close";
    HomeDeadlines => "期限（残り日数順）", "Deadlines (by days left)";
    All => "全て", "all";
    Band => "区分", "Band";
    Position => "位置", "Pos.";
    Units => "単位", " units";
    Hypothetical => "（試算で追加）", "(what-if)";
    FeeSchedule => "費", "Schedule";
    Difference => "差", "Diff.";
    NextClient => "次に受ける利用者の単位数", "Units of the next client";
    WhatIf => "試算", "What-if";
    Forecast => "見込み 件数(i/ii/iii):", "Ahead, caseload (i/ii/iii):";
    FeeIiFiled => "(II)の届出", "(II) filed";
    ExchangeUse => "データ連携の利用", "Exchange use";
    SupportOrdering => "要支援の並べ方", "Support clients";
    CaseloadKeys => "←/→ 月  b 区分  c 担当  +/- s/S f/F t 試算  0 戻す  ? ヘルプ", "←/→ month  b band  c CM  +/- s/S f/F t what-if  0 reset  ? help";
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
    Address => "住所", "Address";
    Phone => "電話番号", "Phone";
    ContractDate => "契約日", "Contract date";
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
    Month => "月", "Month";
    Reason => "理由", "Reason";
    ServingProviders => "利用中のサービス事業所", "Providers serving this client";
    OfficeNumber => "事業所番号", "Office no.";
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
    AreaGradeFrom => "地域区分の適用開始日", "Area grade from";
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
    FormKeys => "Tab/↓ 次の項目  Shift+Tab/↑ 前の項目  Ctrl+S 保存  Esc 取消", "Tab/↓ next  Shift+Tab/↑ previous  Ctrl+S save  Esc cancel";
    FixErrors => "赤い項目を直してから保存してください", "Fix the fields marked in red, then save";
    Saved => "保存しました", "Saved";
    DiscardForm => "入力中の内容を破棄しますか？", "Discard what you typed?";
    ConfirmEndContract => "この日付で契約を終了します。よろしいですか？（誤りなら後で終了日を空にして保存すれば取り消せます）", "End the contract on this date? (To undo, save this form again with the date empty.)";
    ConfirmStaffLeaves => "この日から常勤換算 0（退職）を記録します。よろしいですか？（誤りなら e で常勤換算を直せます）", "Record FTE 0 (leaving) from this date? (To undo, set the FTE again with e.)";
    ConfirmKeys => "y: はい  n/Esc: いいえ", "y: yes  n/Esc: no";
    ConfirmDeleteProvider => "この事業所を削除しますか？（監査ログには残ります）", "Delete this provider? (the audit log keeps a record)";
    ConfirmCheckDigit => "事業所番号の検査数字が一般的な規則と合いません。番号が正しいことを確認しましたか？", "The office number's check digit does not follow the usual rule. Have you checked the number is right?";
    Conflict => "他の端末で先に変更されました（保存していません）。変わった項目", "Changed in another session first (not saved). Changed fields";
    ConflictHint => "入力はそのまま残っています。もう一度 Ctrl+S で上書き保存、Esc で破棄", "Your input is kept. Ctrl+S again overwrites, Esc discards";
    DraftOffer => "前回、保存されずに終了した入力があります", "Input from a session that ended without saving was kept";
    DraftKeys => "y: 復元する  n: 破棄する  Esc: あとで", "y: restore  n: discard  Esc: later";
    DraftSavedAt => "保存日時", "Saved at";
    Help => "キー操作", "Keys";
    HelpClose => "Esc または ? で閉じる", "Esc or ? closes";
    OtherSessionChanged => "他の端末での変更を反映しました", "Updated with changes from another session";
    HomeOffice => "事業所", "Office";
    HomeClients => "利用者（契約中）", "Clients (active)";
    HomeLoads => "担当別の利用者数", "Clients per care manager";
    DaysLeft => "日", "days";
    Nothing => "なし", "none";
    Pending => "申請中", "pending";
    CareTotal => "要介護", "care";
    SupportTotal => "要支援", "support";
    CommunityTotal => "事業対象者", "community program";
    PendingTotal => "申請中", "pending";
    Persons => "人", "";
    NoSelection => "選択されていません", "Nothing selected";
    NoOfficeYet => "事業所情報が未設定です（4 職員・事業所 → o で設定）", "Office not set up yet (4 Office & staff → o)";
    DetailKeys => "e 編集  d 終了  c 認定  m 給付管理なし  p 計画の新版  o 同意・状態  Esc 戻る", "e edit  d end  c cert.  m no-benefit  p new plan  o consent/status  Esc back";
    ProviderDetailKeys => "e 編集  d 削除  Esc 戻る", "e edit  d delete  Esc back";
    StaffDetailKeys => "e 編集（常勤換算の変更も）  d 退職  Esc 戻る", "e edit (incl. FTE)  d leaves  Esc back";
    ActiveClients => "担当中の利用者", "Active clients";
    ListKeys => "Enter 詳細  / 検索  n 新規  e 編集  d 終了/削除  ? ヘルプ  q 終了", "Enter open  / search  n new  e edit  d end/delete  ? help  q quit";
    OfficeKeys => "Enter 詳細  o 事業所情報の編集  n 職員の追加  e 職員の編集  d 退職  ? ヘルプ", "Enter detail  o edit office  n add staff  e edit staff  d leaves  ? help";
    ChoiceHint => "候補", "allowed";
    EndedNotice => "契約終了", "contract ended";
}

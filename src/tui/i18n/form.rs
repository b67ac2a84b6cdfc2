//! The form editor's texts, Japanese and English side by side.

use crate::domain::Lang;

texts! {
    FormText;
    HintDate => "例: 2025-11-25 / 20251125 / R7.11.25 / 令和7年11月25日", "e.g. 2025-11-25 / 20251125 / R7.11.25";
    HintMonth => "例: 2026-11 / 202611 / R8.11 / 令和8年11月", "e.g. 2026-11 / 202611 / R8.11";
    HintBirthDate => "例: S15.3.2 / 昭和15年3月2日 / 1940-03-02", "e.g. S15.3.2 / 1940-03-02";
    HintShortDate => "例: 12/5・12月5日（年なしは次に来る日）/ 2026-12-05", "e.g. 12/5 (without a year: the next one ahead) / 2026-12-05";
    HintKana => "カタカナかひらがな（全角カタカナで保存）", "katakana or hiragana (kept as full-width katakana)";
    HintPhone => "例: 03-1234-5678", "e.g. 03-1234-5678";
    HintInsurer => "数字6桁（末尾は検査数字）", "6 digits (last is a check digit)";
    HintInsuredNumber => "数字10桁（生活保護単独は H＋9桁）", "10 digits (or H + 9 digits)";
    HintTenDigits => "数字10桁", "10 digits";
    HintCorporationNumber => "数字13桁（先頭は検査数字）。空欄は法人番号なし", "13 digits (the first is the check digit); empty: none";
    HintClientSearch => "名前・カナ・番号を入れると候補が出ます（↑↓ で選び Enter）", "type a name, kana or number, then ↑↓ and Enter";
    HintCmNumber => "数字8桁（事務職員は空欄）", "8 digits (empty for clerks)";
    HintFte => "0〜1.0（例: 1.0、0.6）", "0 to 1.0 (e.g. 1.0, 0.6)";
    HintCareLevel => "要介護1〜5 / 要支援1〜2 / 事業対象者 / 21〜25", "要介護1–5 / 要支援1–2 / 事業対象者 / 21–25";
    HintCertStatus => "認定済 / 申請中", "認定済 (certified) / 申請中 (pending)";
    HintSex => "男 / 女", "男 / 女 (m / f)";
    HintChannel => "連携 / FAX / 郵送 / 手渡し / メール / その他", "exchange / fax / post / hand / email / other";
    HintServiceCodes => "コードを空白区切りで（11 訪問介護、15 通所介護、17 福祉用具貸与…）", "codes separated by spaces (11 home help, 15 day care…)";
    HintRelation => "1〜7 / その他", "1–7 / other";
    HintYesNo => "はい / いいえ", "yes / no";
    HintRole => "介護支援専門員 / 主任介護支援専門員 / 事務職員", "care_manager / chief_care_manager / clerk";
    HintStaffSearch => "氏名・カナ・番号を入れると候補が出ます（↑↓ で選び Enter）", "type a name, kana or CM number, then ↑↓ and Enter";
    HintPlanKind => "初回・紹介・継続（組み合わせ可）", "initial / referral / continuing";
    HintPlanStatus => "下書き / 同意待ち / 確定（同意日が必要）/ 終了", "draft / awaiting consent / confirmed (needs consent) / ended";
    HintEnrollStatus => "加入済み / 加入予定（誓約）/ 申請中 / 未加入 / 加入しない / 不明", "enrolled / pledged / applying / not_enrolled / declined / unknown";
    HintEnrollSource => "事業所から聞いた / 情報公表システム / 連携ファイル / 連携ソフトの検索", "provider / public_register / exchange_file / exchange_search";
    HintExchangeStatus => "未申請 / 申請中 / 利用中 / 停止（空欄で変えない）", "not_applied / applying / in_use / stopped (empty: no change)";
    HintSystem => "連携ソフト（旧）/ WEBサービス / 承認された同等のシステム（空欄は連携ソフト（旧））", "client / web / equivalent (empty: the old client)";
    HintOutreachStage => "未依頼 / 依頼済み / 検討中 / 加入予定 / 加入済み / 見送り", "not_asked / asked / considering / pledged / enrolled / declined";
    HintAddService => "a で追加（事業所を一覧から選び、種類と頻度を選ぶ）", "a adds one: pick the provider, its type and a frequency";
    HintConflict => "← 相手の値  → 自分の値", "← theirs  → yours";
    SuggestKeys => "↑↓ 候補  Enter 決定  Esc 一覧を閉じる  Ctrl+S 保存", "↑↓ pick  Enter take  Esc close the list  Ctrl+S save";
    ChoiceKeys => "←→/Space 選ぶ", "←→/Space choose";
    ListSeparator => "、", ", ";
    Theirs => "相手", "theirs";
    Yours => "自分", "yours";
    ChangedByBoth => "相手も自分も変えた項目です。← 相手の値 / → 自分の値", "changed by both: ← theirs / → yours";
    TheirChange => " （相手の変更）", " (their change)";
    TheirsChosen => " （相手の値を選択）", " (theirs chosen)";
    YoursChosen => " （自分の値を選択）", " (yours chosen)";
    NoneValue => "（なし）", "(none)";
    TypeNotRegistered => " ⚠ 登録にない種類", " ⚠ type not registered";
    NoServices => "（サービスなし — a で追加）", "(no services — a adds one)";
    Provider => "事業所", "Provider";
    NoProviderMatches => "（該当する事業所なし）", "(no provider matches)";
    Type => "種類", "Type";
    Frequency => "頻度", "Frequency";
    HintFrequency => "例: 週2回 / 月1回 / 毎日 / 週3回（月水金）", "e.g. 週2回 / 月1回 / 毎日 (twice a week / monthly / daily)";
    ConflictChoose => "この項目は相手も変えています。← 相手の値 / → 自分の値 のどちらかを選んでください", "both changed this field: ← takes theirs, → keeps yours";
    ConsentDateButAwaiting => "同意日が入っていますが、状態は「同意待ち」のままです。\ny: 「確定」にして保存  n: 同意待ちのまま保存  Esc: 戻る", "A consent date is given but the status is still awaiting consent.\ny: save as confirmed  n: save as it is  Esc: back";
}

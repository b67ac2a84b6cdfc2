//! The command line: every subcommand and its options.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "careplan",
    version,
    about = "居宅介護支援事業所の利用者・ケアプラン送付・取扱件数の台帳 (care-management office ledger)",
    long_about = "居宅介護支援事業所の利用者・ケアプラン送付・取扱件数の台帳。\n\
                  引数なしで画面（TUI）を開きます。--demo で架空のデモデータを開きます。\n\
                  A keyboard-driven ledger for Japanese care-management offices. Without a command it opens the TUI."
)]
pub struct Cli {
    /// 設定ファイル (config file) [default: <config dir>/careplan/config.toml]
    #[arg(long, env = "CAREPLAN_CONFIG", global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// データベースファイル (database file) [default: <data dir>/careplan/careplan.db]
    #[arg(long, env = "CAREPLAN_DB", global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// 読み取り専用で開く: 表示・一覧・報告はそのまま、変更は断る (open the database read-only)
    #[arg(long, global = true)]
    pub read_only: bool,
    /// 使い捨てのデモデータベースで画面を開く (open the TUI on a fresh throwaway demo database)
    #[arg(long)]
    pub demo: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
}

#[derive(Debug, Clone, Args)]
pub struct FormatArg {
    /// 出力形式 (output format)
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

/// The encoding of a CSV or text file careplan writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Encoding {
    /// UTF-8 with a BOM (so that spreadsheets read it as UTF-8).
    #[value(alias = "utf8-bom")]
    Utf8,
    /// Shift_JIS as Windows writes it (MS932).
    #[value(alias = "ms932")]
    Sjis,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum YesNo {
    Yes,
    No,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// 新しい空のデータベースを作る（--db のパス、なければ既定の場所）(create a new, empty database)
    Init,
    /// 架空の利用者でデモ用データベースを作る (write a deterministic synthetic database)
    Demo {
        /// 書き出すデータベースファイル (must not exist)
        #[arg(long, value_name = "PATH")]
        out: PathBuf,
        /// 利用者数 (number of clients)
        #[arg(long, default_value_t = 120)]
        clients: usize,
        /// 乱数の種 (seed): 同じ種・人数・基準日なら同じ内容
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// 基準日 (reference date; default today): 契約日・認定期間はこの日を基準に作る
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
    },
    /// 事業所情報の表示・変更 (show or change the office)
    #[command(subcommand)]
    Office(OfficeCommand),
    /// CSV から取り込む（全件成功した時だけ反映）(import CSV, all or nothing)
    #[command(subcommand)]
    Import(ImportCommand),
    /// 使っているシステムから移る（全件成功した時だけ反映、2回目は何も増えない）(move in from another system)
    #[command(subcommand)]
    Migrate(MigrateCommand),
    /// 利用者の一覧、担当の割り当て・給付管理なしの月の訂正 (list clients; correct their records)
    Clients(ClientsArgs),
    /// 認定の一覧・登録・訂正・取り消し (certifications)
    Certifications(CertificationsArgs),
    /// サービス事業所の一覧、法人の設定 (list providers; set a provider's corporation)
    Providers(ProvidersArgs),
    /// 職員の一覧、常勤換算の訂正・取り消し (list staff; correct FTE rows)
    Staff(StaffArgs),
    /// 全テーブルを CSV に書き出す (export every table as CSV)
    Export {
        /// 書き出し先フォルダ (output folder)
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// 文字コード: utf8（BOM 付き）か sjis (MS932)
        #[arg(long, value_enum, default_value = "utf8")]
        encoding: Encoding,
        /// 同じ名前のファイルがあれば上書きする (replace existing files)
        #[arg(long)]
        force: bool,
    },
    /// 取扱件数・逓減の区分・単位数と金額・試算 (caseload, fee bands, what-if)
    Caseload(CaseloadArgs),
    /// 移行した請求履歴（伝送ファイルの給付管理票・居宅介護支援費明細書）の月ごとの一覧 (claim history)
    Claims(ClaimsArgs),
    /// 報酬の規則表（単位数・閾値・重み・人員基準・地域区分の単価）: 表示・取り込み・書き出し (fee rules)
    Rules(RulesArgs),
    /// 計画書・提供票・実績の送付記録 (delivery ledger): 一覧、記録、FAX・郵送の一括送付
    Deliveries(DeliveriesArgs),
    /// ケアプランデータ連携システムのファイルを読む (read the national exchange's CSV files)
    #[command(subcommand)]
    Exchange(ExchangeCommand),
    /// データ連携への加入: 自事業所の状況、事業所ごとの状況、働きかけ、報告 (enrollment)
    #[command(subcommand)]
    Enrollment(EnrollmentCommand),
    /// ケアプランの版の一覧・登録・状態変更、手順（アセスメント・会議・同意・交付）の確認 (care plans)
    Plans(PlansArgs),
    /// サービス担当者会議（または照会）を支援経過に記録する (care conferences)
    #[command(subcommand)]
    Meetings(MeetingsCommand),
    /// 支援経過（第5表）の一覧・記録・訂正・取り消し・印刷、項目の取り込み (case record)
    Notes(NotesArgs),
    /// 入院・入所の一覧・記録・訂正・取り消し（入院時情報連携・退院退所加算の根拠）(hospital and facility stays)
    Stays(StaysArgs),
    /// 加算の候補: 利用者ごと・月ごとに候補・記録不足・判断不可・対象外と根拠、判断の記録 (加算 candidates, never bills; the decisions on them)
    Kasan(KasanArgs),
    /// モニタリングの月ごとの状況と運営基準減算の可能性、訪問などの記録 (monitoring)
    Monitoring(MonitoringArgs),
    /// ホームの期限の一覧と同じもの（cron からメールで送るなど）(the deadlines ホーム lists)
    Deadlines(DeadlinesArgs),
    /// 特定事業所集中減算: 判定期間ごとの計画数と法人ごとの割合（80%超の判定）、正当な理由、契約時の説明 (over-concentration on one corporation)
    Concentration(ConcentrationArgs),
    /// 制度の暦（WEBサービスの登録期限・移行日など）の表示・取り込み・書き出し (the national calendar)
    Calendar(CalendarArgs),
    /// 報告書 (reports)
    #[command(subcommand)]
    Report(ReportCommand),
    /// データベースの整合性を検査する (integrity check)
    Check,
    /// オンラインバックアップを作り、検証する（暗号化も）; 鍵の作成・検証・毎日の実行 (online backup, verified, optionally encrypted)
    Backup(BackupArgs),
    /// バックアップを検証して新しいデータベースに復元する (restore a backup into a new database)
    Restore {
        /// バックアップファイル（暗号化されていれば復号する）
        file: PathBuf,
        /// 復元先のデータベースファイル（既にあれば --force がない限り上書きしない）
        #[arg(long, value_name = "NEW.db")]
        out: PathBuf,
        /// 秘密鍵のファイル（公開鍵あてに暗号化したバックアップ）(age identity file)
        #[arg(long, value_name = "KEYFILE")]
        identity: Option<PathBuf>,
        /// 既にあるファイルを置き換える (replace an existing file)
        #[arg(long)]
        force: bool,
    },
    /// シェルの補完スクリプトを標準出力に書き出す (print a shell completion script)
    Completions {
        /// シェル (shell)
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// マニュアルページ（man）を書き出す (write the manual pages)
    Manpage {
        /// 書き出し先フォルダ (output folder): careplan.1 と各コマンドの careplan-*.1。省略時は careplan.1 を標準出力へ
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
}

/// `careplan kasan --month YYYY-MM [--format table|json|csv]`, or `kasan decide …`.
#[derive(Debug, Clone, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct KasanArgs {
    #[command(subcommand)]
    pub command: Option<KasanCommand>,
    /// 対象月 YYYY-MM（省略時は今月）
    #[arg(long, value_name = "YYYY-MM")]
    pub month: Option<String>,
    /// 出力形式 (output format)
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

/// `careplan backup FILE [--encrypt-to KEY]… [--passphrase]`, or one of its subcommands.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct BackupArgs {
    /// バックアップ先ファイル（既にあれば --force がない限り上書きしない）
    #[arg(required = true)]
    pub path: Option<PathBuf>,
    /// 既にあるファイルを置き換える (replace an existing file)
    #[arg(long)]
    pub force: bool,
    /// この age 公開鍵（age1…）あてに暗号化する。複数指定可 (encrypt to this public key; repeatable)
    #[arg(long = "encrypt-to", value_name = "RECIPIENT")]
    pub encrypt_to: Vec<String>,
    /// 端末で尋ねるパスフレーズで暗号化する（スクリプトは CAREPLAN_BACKUP_PASSPHRASE）(encrypt with a passphrase)
    #[arg(long, conflicts_with = "encrypt_to")]
    pub passphrase: bool,
    #[command(subcommand)]
    pub command: Option<BackupCommand>,
}

#[derive(Debug, Subcommand)]
pub enum BackupCommand {
    /// 暗号化用の鍵の組を作る（秘密鍵はサーバーの外に保管）(make a key pair for encrypted backups)
    Keygen {
        /// 秘密鍵を書き出すファイル（所有者だけが読める）(the private key file, owner-only)
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// 既にあるファイルを置き換える (replace an existing file)
        #[arg(long)]
        force: bool,
    },
    /// バックアップを復元せずに検証し、結果を監査記録に残す (check a backup without restoring it)
    Verify {
        /// バックアップファイル
        file: PathBuf,
        /// 秘密鍵のファイル (age identity file)
        #[arg(long, value_name = "KEYFILE")]
        identity: Option<PathBuf>,
    },
    /// 毎日のバックアップ: 設定の [backup] のフォルダへ作り、古いものを整理する (the daily backup and its retention)
    Daily,
}

impl Command {
    /// Whether the command works on an office's data, and so needs the config file. The generated
    /// documents describe the program only, and must work even where the config is broken.
    pub fn reads_config(&self) -> bool {
        !matches!(self, Command::Completions { .. } | Command::Manpage { .. })
    }

    /// Whether the command works on the office's own database, and so runs as the office's
    /// service account when a member of its group types it (see `office_account`).
    pub fn opens_office(&self) -> bool {
        match self {
            Command::Backup(a) => !matches!(a.command, Some(BackupCommand::Keygen { .. })),
            _ => !matches!(
                self,
                Command::Completions { .. }
                    | Command::Manpage { .. }
                    | Command::Demo { .. }
                    | Command::Restore { .. }
            ),
        }
    }

    /// Whether the command may change the office's records (then, if it did, ホーム's kept
    /// counts are brought up to date after it).
    pub fn changes_records(&self) -> bool {
        match self {
            Command::Clients(a) => a.command.is_some(),
            Command::Certifications(a) => a.command.is_some(),
            Command::Staff(a) => a.command.is_some(),
            Command::Calendar(a) => matches!(a.command, Some(CalendarCommand::Import(_))),
            Command::Rules(a) => matches!(a.command, Some(RulesCommand::Import { .. })),
            // Reading the plan steps changes nothing; confirming them on paper does.
            Command::Plans(a) => match &a.command {
                Some(PlansCommand::Steps(s)) => s.command.is_some(),
                _ => true,
            },
            Command::Providers(a) => a.command.is_some(),
            Command::Concentration(a) => {
                matches!(a.command, Some(ConcentrationCommand::Note(_)))
            }
            Command::Notes(a) => match &a.command {
                Some(NotesCommand::Add(_)) => true,
                Some(NotesCommand::Categories(c)) => {
                    matches!(c.command, Some(CategoriesCommand::Import(_)))
                }
                _ => false,
            },
            Command::Monitoring(a) => a.command.is_some(),
            Command::Stays(a) => a.command.is_some(),
            Command::Kasan(a) => a.command.is_some(),
            Command::Office(o) => o.changes_records(),
            _ => matches!(
                self,
                Command::Import(_)
                    | Command::Migrate(_)
                    | Command::Deliveries(_)
                    | Command::Exchange(_)
                    | Command::Enrollment(_)
                    | Command::Plans(_)
                    | Command::Meetings(_)
            ),
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum OfficeCommand {
    /// 事業所情報を表示 (show the office)
    Show(FormatArg),
    /// 事業所情報を変更 (change the office)
    Set(Box<OfficeSetArgs>),
    /// 営業日・営業時間の一覧、set で設定（入院時情報連携加算の期限の数え方）(business hours)
    Hours(HoursArgs),
    /// 休業日（年末年始など）を記録する: DATE または DATE..DATE (mark days closed)
    Closed(DaysArgs),
    /// 曜日・祝日では休みの日を営業日として記録する (mark days open)
    Open(DaysArgs),
    /// 休業日・営業日の記録の一覧、withdraw で取り消し (the dated closed and open days)
    Days(DaysListArgs),
    /// 加算の体制（特定事業所加算の区分・医療介護連携・24時間連絡体制）の期間の一覧、set で設定 (the office's 体制 periods)
    Periods(PeriodsArgs),
    /// 特定事業所加算の条件のうち記録で確かめられるもの（取扱件数・集中減算・要介護3〜5の割合）と確かめられないもの (the 特定事業所加算 conditions)
    Tokutei(TokuteiArgs),
}

#[derive(Debug, Clone, Args)]
pub struct TokuteiArgs {
    /// 確かめる月 YYYY-MM（省略時は今月）
    #[arg(long)]
    pub month: Option<String>,
    /// 出力形式 (output format: table or json)
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

impl OfficeCommand {
    /// Whether it may change the office's records.
    pub fn changes_records(&self) -> bool {
        match self {
            OfficeCommand::Show(_) | OfficeCommand::Tokutei(_) => false,
            OfficeCommand::Set(_) | OfficeCommand::Closed(_) | OfficeCommand::Open(_) => true,
            OfficeCommand::Hours(a) => a.command.is_some(),
            OfficeCommand::Days(a) => a.command.is_some(),
            OfficeCommand::Periods(a) => a.command.is_some(),
        }
    }
}

#[derive(Debug, Clone, Args)]
pub struct OfficeSetArgs {
    /// 事業所番号（10桁）
    #[arg(long)]
    pub number: Option<String>,
    /// 事業所名
    #[arg(long)]
    pub name: Option<String>,
    /// 地域区分: 1〜7 または other（その他）
    #[arg(long)]
    pub area_grade: Option<String>,
    /// 地域区分の適用開始日 (default: today)
    #[arg(long, value_name = "DATE", requires = "area_grade")]
    pub area_grade_from: Option<String>,
    /// 厚生労働大臣が定める地域（特別地域）か
    #[arg(long, value_enum)]
    pub special_area: Option<YesNo>,
    /// 事業所番号の検査数字が規則と合わなくても保存する
    #[arg(long)]
    pub accept_check_digit: bool,
    /// 居宅介護支援費(II)の届出の適用開始日（none で取り消し）
    #[arg(long, value_name = "DATE|none")]
    pub fee_ii_from: Option<String>,
    /// (II)の届出の適用終了日（省略で継続中）
    #[arg(long, value_name = "DATE", requires = "fee_ii_from")]
    pub fee_ii_until: Option<String>,
    /// ケアプランデータ連携システムの利用開始日（none で取り消し）
    #[arg(long, value_name = "DATE|none")]
    pub exchange_from: Option<String>,
    /// データ連携システムの利用終了日（省略で継続中）
    #[arg(long, value_name = "DATE", requires = "exchange_from")]
    pub exchange_until: Option<String>,
    /// 要支援の利用者を並べる位置: support_first（先頭）か by_contract_date（契約日順）
    #[arg(long, value_name = "ORDERING")]
    pub support_ordering: Option<String>,
    /// 記録開始日: この日より前の計画の手順・モニタリングは「導入前（記録なし）」として減算に数えない（none で取り消し）
    #[arg(long, value_name = "DATE|none")]
    pub records_since: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// 職員: 氏名*, フリガナ, 介護支援専門員番号, 職種*, 常勤換算*, 適用開始日*
    Staff(ImportArgs),
    /// 利用者: 氏名*, 保険者番号*, 被保険者番号*, 契約日*, 要介護度, 担当介護支援専門員 …
    Clients(ImportArgs),
    /// 事業所: 事業所番号*, 事業所名*, フリガナ, サービス種類, 電話番号, FAX番号, メールアドレス, 住所, 連絡方法, 法人名, 法人番号
    Providers(ImportArgs),
    /// 認定履歴: 保険者番号*, 被保険者番号*, 要介護度*, 認定日, 認定有効期間開始日*, 認定有効期間終了日*, 認定状況, 区分変更（1 で前の認定を前日までにする）
    Certifications(ImportArgs),
}

#[derive(Debug, Clone, Args)]
pub struct ImportArgs {
    /// CSV ファイル（UTF-8／BOM 付き UTF-8／MS932 を自動判別）
    pub file: PathBuf,
    /// 確認だけして保存しない (validate only)
    #[arg(long)]
    pub dry_run: bool,
    /// 警告（事業所番号の検査数字の不一致）を承知のうえで取り込む
    #[arg(long)]
    pub accept_warnings: bool,
}

#[derive(Debug, Subcommand)]
pub enum MigrateCommand {
    /// ほのぼのNEXT の CSV（基本情報*・介護保険1・CAREPLAN1・KAIGO1）のフォルダから利用者・認定履歴・計画の版を移す
    Honobono(MigrateDirArgs),
    /// 国保連の伝送ファイル（給付管理票 8222・居宅介護支援費明細書 8124・請求書 7111）から請求履歴を取り込む
    Kokuho(MigrateKokuhoArgs),
    /// 任意の CSV を対応表（TOML）で移す（利用者・認定・事業所・職員）。--map-template で対応表のひな形を書き出す
    Csv(MigrateCsvArgs),
}

#[derive(Debug, Clone, Args)]
pub struct MigrateKokuhoArgs {
    /// 伝送ファイルを置いたフォルダ（下のフォルダも読む。ファイル名は問わない）
    pub dir: PathBuf,
    /// 確認だけして保存しない (check and count, change nothing)
    #[arg(long)]
    pub dry_run: bool,
    /// 出力形式: table か json
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

#[derive(Debug, Clone, Args)]
pub struct ClaimsArgs {
    /// サービス提供月 YYYY-MM
    #[arg(long, value_name = "YYYY-MM")]
    pub month: String,
    /// 出力形式 (output format)
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

#[derive(Debug, Clone, Args)]
pub struct CaseloadArgs {
    /// 対象月 YYYY-MM（省略時は今月）
    #[arg(long, value_name = "YYYY-MM")]
    pub month: Option<String>,
    /// 出力形式 (output format)
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    /// 試算: 要介護の利用者を N 人増やす（負の数で減らす。新しい契約として最後に並ぶ）
    #[arg(
        long,
        value_name = "N",
        allow_negative_numbers = true,
        default_value_t = 0
    )]
    pub add_care: i64,
    /// 試算: 要支援の利用者を N 人増やす（負の数で減らす）
    #[arg(
        long,
        value_name = "N",
        allow_negative_numbers = true,
        default_value_t = 0
    )]
    pub add_support: i64,
    /// 試算: 事業所の常勤換算（介護支援専門員の合計、例 2.5）
    #[arg(long, value_name = "X")]
    pub fte: Option<String>,
    /// 試算: 算定する費 I か II
    #[arg(long, value_name = "I|II")]
    pub fee_schedule: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TableOrJson {
    Table,
    Json,
}

#[derive(Debug, Clone, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct RulesArgs {
    #[command(subcommand)]
    pub command: Option<RulesCommand>,
    /// 対象月 YYYY-MM（省略時は今月）: その月の末日に適用される表を表示
    #[arg(long, value_name = "YYYY-MM")]
    pub month: Option<String>,
    /// 出力形式 (output format)
    #[arg(long, value_enum, default_value = "table")]
    pub format: TableOrJson,
}

#[derive(Debug, Clone, Subcommand)]
pub enum RulesCommand {
    /// 規則表（TOML）を取り込む。全部正しい時だけ反映し、同じ from の表は置き換える (import a table)
    Import {
        /// 規則表のファイル（careplan rules export で書き出した形式）
        file: PathBuf,
    },
    /// 指定月に適用される表を取り込みの形式で書き出す (write the table in force as an importable file)
    Export {
        /// 対象月 YYYY-MM（省略時は今月）
        #[arg(long, value_name = "YYYY-MM")]
        month: Option<String>,
        /// 書き出し先ファイル
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// 既にあるファイルを置き換える (replace an existing file)
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Clone, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct DeliveriesArgs {
    #[command(subcommand)]
    pub command: Option<DeliveriesCommand>,
    /// 対象月 YYYY-MM（省略時は今月）: その月の提供票・実績と、その月に送った計画書
    #[arg(long, value_name = "YYYY-MM")]
    pub month: Option<String>,
    /// 出力形式 (output format)
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

#[derive(Debug, Clone, Subcommand)]
pub enum DeliveriesCommand {
    /// 1件記録する（訂正は --kind withdrawal で取消を記録）(record one event)
    Record(Box<RecordArgs>),
    /// 紙（連携以外）で送る事業所と、その利用者の一覧。--mark-sent で一括して送付済みに
    Batch(BatchArgs),
    /// ある月だけ、利用者の事業所を対象外にする（--exclude）か追加する（--include）
    Adjust(AdjustArgs),
}

#[derive(Debug, Clone, Args)]
#[command(group(clap::ArgGroup::new("change").required(true).args(["exclude", "include"])))]
pub struct AdjustArgs {
    #[command(flatten)]
    pub client: ClientRef,
    /// 事業所番号（サービス事業所）
    #[arg(long)]
    pub provider: String,
    /// 対象月 YYYY-MM
    #[arg(long, value_name = "YYYY-MM")]
    pub month: String,
    /// この月は対象外にする（例: 入院でサービス休止）
    #[arg(long)]
    pub exclude: bool,
    /// この月だけ追加する（対象外にしたものを戻す時も）
    #[arg(long)]
    pub include: bool,
    /// サービス種類コード（省略時は事業所の最初の種類）
    #[arg(long)]
    pub service_type: Option<String>,
}

#[derive(Debug, Clone, Args)]
pub struct RecordArgs {
    /// 種類: plan（計画書）/ schedule（提供票）/ actuals（実績）/ withdrawal（取消）
    #[arg(long)]
    pub kind: String,
    /// 取消の対象（--kind withdrawal の時）: plan / schedule / actuals
    #[arg(long)]
    pub withdraws: Option<String>,
    #[command(flatten)]
    pub client: ClientRef,
    /// 事業所番号（サービス事業所）
    #[arg(long)]
    pub provider: String,
    /// サービス種類コード（省略時は計画・事業所から）
    #[arg(long)]
    pub service_type: Option<String>,
    /// 対象月 YYYY-MM（提供票・実績）
    #[arg(long, value_name = "YYYY-MM")]
    pub month: Option<String>,
    /// 計画の作成日（計画書）
    #[arg(long, value_name = "DATE")]
    pub plan_date: Option<String>,
    /// 送付方法: exchange/fax/post/hand/email/other（連携/FAX/郵送/手渡し/メール/その他）; 省略時は事業所の連絡方法
    #[arg(long)]
    pub channel: Option<String>,
    /// 日時（例 2026-11-28 10:15、省略時は今）
    #[arg(long, value_name = "DATETIME")]
    pub at: Option<String>,
    /// メモ
    #[arg(long, default_value = "")]
    pub note: String,
}

#[derive(Debug, Clone, Args)]
pub struct BatchArgs {
    /// 対象月 YYYY-MM（省略時は来月）
    #[arg(long, value_name = "YYYY-MM")]
    pub month: Option<String>,
    /// 出力形式 (output format)
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    /// 一覧の未送付の提供票を、事業所の連絡方法で送付済みとして記録する
    #[arg(long)]
    pub mark_sent: bool,
    /// 事業所ごとの送付状（テキスト、印刷・FAX用）をこのフォルダに書き出す
    #[arg(long, value_name = "DIR")]
    pub cover_sheets: Option<PathBuf>,
    /// 送付状のファイルが既にあれば上書きする
    #[arg(long, requires = "cover_sheets")]
    pub force: bool,
}

#[derive(Debug, Clone, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct PlansArgs {
    #[command(subcommand)]
    pub command: Option<PlansCommand>,
    /// 出力形式 (output format)
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

#[derive(Debug, Clone, Subcommand)]
pub enum PlansCommand {
    /// 新しい版を登録する（以前の版は差し替えになる）(add a plan revision)
    Add(Box<PlanAddArgs>),
    /// 版の状態を変える（同意日・交付日も）(move a revision along its status flow)
    Status(Box<PlanStatusArgs>),
    /// 版を編集する（指定した項目だけ）。確定した版は --reason 付きの訂正として記録
    Edit(Box<PlanEditArgs>),
    /// 版ごとの手順（アセスメント・担当者会議・同意・交付）と、記録で確かめられない手順。減算の判断ではありません (the plan's process steps)
    Steps(PlanStepsArgs),
}

#[derive(Debug, Clone, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct PlanStepsArgs {
    #[command(subcommand)]
    pub command: Option<PlanStepsCommand>,
    /// 対象月 YYYY-MM（省略時は今月）: その月に有効な版・その月に作成した版・その月にかかる更新認定や区分変更
    #[arg(long, value_name = "YYYY-MM")]
    pub month: Option<String>,
    /// 手順がそろった版も表示する（省略時は記録で確かめられない手順がある版だけ）
    #[arg(long)]
    pub all: bool,
    /// 出力形式 (output format)
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

#[derive(Debug, Clone, Subcommand)]
pub enum PlanStepsCommand {
    /// 版の手順を紙の記録（導入前の記録）で確認したことを支援経過に記録する。以後その版の手順は確認済み (record that a revision's steps were checked on paper)
    Confirm(Box<PlanStepsConfirmArgs>),
}

#[derive(Debug, Clone, Args)]
pub struct PlanStepsConfirmArgs {
    #[command(flatten)]
    pub client: ClientRef,
    /// 確認した計画の版の作成日
    #[arg(long, value_name = "DATE")]
    pub plan_date: String,
    /// 理由（例: 導入前の紙の記録で確認）
    #[arg(long)]
    pub reason: String,
    /// 確認した日時（省略時は今）
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
}

#[derive(Debug, Clone, Subcommand)]
pub enum MeetingsCommand {
    /// 計画の版のためのサービス担当者会議（--by-inquiry で照会）を支援経過に1件記録する (record a care conference or an inquiry for a plan revision)
    Record(Box<MeetingRecordArgs>),
}

#[derive(Debug, Clone, Args)]
pub struct MeetingRecordArgs {
    #[command(flatten)]
    pub client: ClientRef,
    /// 会議の対象になる計画の版の作成日（この日の版がなければ記録しません）
    #[arg(long, value_name = "DATE")]
    pub plan_date: String,
    /// 開催日（照会なら照会した日）。時刻も書けます（例 2026-11-20 14:00）
    #[arg(long, value_name = "DATE")]
    pub date: String,
    /// 会議を開けず、照会で事業所の意見を求めた（--reason に理由が必要）
    #[arg(long)]
    pub by_inquiry: bool,
    /// 会議を開けなかったやむを得ない理由（--by-inquiry の時）
    #[arg(long, requires = "by_inquiry")]
    pub reason: Option<String>,
    /// 出席者（照会なら照会先）
    #[arg(long, default_value = "")]
    pub attendees: String,
    /// 内容（検討した内容・結論など。省略時は「サービス担当者会議を開催（計画作成日 …）」）
    #[arg(long)]
    pub body: Option<String>,
}

#[derive(Debug, Clone, Args)]
#[command(group(clap::ArgGroup::new("which").required(true).args(["id", "plan_date"])))]
pub struct PlanEditArgs {
    /// 計画の id（または --insurer --insured --plan-date で指定）
    #[arg(long, conflicts_with_all = ["insurer", "insured", "plan_date"])]
    pub id: Option<i64>,
    /// 利用者の保険者番号
    #[arg(long, requires = "plan_date")]
    pub insurer: Option<String>,
    /// 利用者の被保険者番号
    #[arg(long, requires = "plan_date")]
    pub insured: Option<String>,
    /// 編集する版の作成（変更）日
    #[arg(long, value_name = "DATE", requires_all = ["insurer", "insured"])]
    pub plan_date: Option<String>,
    /// 新しい作成（変更）日
    #[arg(long, value_name = "DATE")]
    pub new_plan_date: Option<String>,
    /// 区分: 初回・紹介・継続（組み合わせ可）
    #[arg(long)]
    pub kind: Option<String>,
    /// 計画期間の開始日
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// 計画期間の終了日
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// 初回居宅サービス計画作成日（none で消去）
    #[arg(long, value_name = "DATE|none")]
    pub first_plan_date: Option<String>,
    /// 同意日（none で消去）
    #[arg(long, value_name = "DATE|none")]
    pub consent_date: Option<String>,
    /// 交付日（none で消去）
    #[arg(long, value_name = "DATE|none")]
    pub handed_date: Option<String>,
    /// サービス（指定するとサービスを全部置き換える）: 事業所番号:サービス種類[:内容[:頻度]]
    #[arg(long = "line", value_name = "OFFICE:TYPE[:WHAT[:FREQ]]")]
    pub lines: Vec<String>,
    /// 訂正の理由（確定した版では必須）
    #[arg(long)]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct ProvidersArgs {
    #[command(subcommand)]
    pub command: Option<ProvidersCommand>,
    /// 出力形式 (output format)
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

#[derive(Debug, Clone, Subcommand)]
pub enum ProvidersCommand {
    /// 事業所の法人名・法人番号を設定する（指定した項目だけ。空にすると消去）(set a provider's corporation)
    Edit(ProviderEditArgs),
}

#[derive(Debug, Clone, Args)]
#[command(group(clap::ArgGroup::new("change").required(true).multiple(true).args(["corporation", "corporation_number"])))]
pub struct ProviderEditArgs {
    /// 事業所番号（10桁）
    #[arg(long)]
    pub number: String,
    /// 法人名（"" で消去: 事業所を1法人として数える）
    #[arg(long, value_name = "NAME")]
    pub corporation: Option<String>,
    /// 法人番号（13桁、先頭は検査数字。"" で消去）
    #[arg(long, value_name = "NUMBER")]
    pub corporation_number: Option<String>,
}

#[derive(Debug, Clone, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct ConcentrationArgs {
    #[command(subcommand)]
    pub command: Option<ConcentrationCommand>,
    /// 判定期間: YYYY-H1（前期 3/1〜8/31）か YYYY-H2（後期 9/1〜翌年2月末日）。省略時は今日を含む期間
    #[arg(long, value_name = "YYYY-H1|YYYY-H2")]
    pub period: Option<String>,
    /// 基準日（省略時は今日）: これより後の月は見込み、提出期限を過ぎたかもこの日で (the day the worksheet is read on)
    #[arg(long, value_name = "DATE")]
    pub on: Option<String>,
    /// 出力形式 (output format): table（判定の表）、json、csv（判定の書類の表）
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    /// CSV の文字コード: utf8（BOM 付き。utf8-bom とも）か sjis（MS932。ms932 とも）
    #[arg(long, value_enum, default_value = "utf8")]
    pub encoding: Encoding,
    /// 書き出し先ファイル（省略時は標準出力。既にあれば --force がない限り上書きしない）
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// 既にあるファイルを置き換える (replace an existing file)
    #[arg(long, requires = "out")]
    pub force: bool,
}

#[derive(Debug, Clone, Subcommand)]
pub enum ConcentrationCommand {
    /// 判定期間・サービスの「正当な理由」を記録・訂正する（空で取り消し。前の内容は監査記録に残る）
    Note(ConcentrationNoteArgs),
    /// 契約時の説明: 前6か月の計画のうち各サービスを位置付けた割合と、サービスごとの上位3事業所の割合
    Explain(ConcentrationExplainArgs),
}

#[derive(Debug, Clone, Args)]
pub struct ConcentrationNoteArgs {
    /// 判定期間 YYYY-H1 か YYYY-H2（省略時は今日を含む期間）
    #[arg(long, value_name = "YYYY-H1|YYYY-H2")]
    pub period: Option<String>,
    /// サービス種類コード: 11（訪問介護）・15（通所介護）・78（地域密着型通所介護）・17（福祉用具貸与）
    #[arg(long, value_name = "CODE")]
    pub service: String,
    /// 正当な理由（例: 地域に通所介護の事業所が1法人しかない）。"" で取り消し
    #[arg(long)]
    pub text: String,
}

/// The explanation as text to print or as CSV.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TextOrCsv {
    Text,
    Csv,
}

#[derive(Debug, Clone, Args)]
pub struct ConcentrationExplainArgs {
    /// 説明する日（契約日。省略時は今日）: その月の前の6か月を数える
    #[arg(long, value_name = "DATE")]
    pub on: Option<String>,
    /// 出力形式: text（印刷用の文）か csv
    #[arg(long, value_enum, default_value = "text")]
    pub format: TextOrCsv,
    /// 文字コード: utf8（CSV は BOM 付き。utf8-bom とも）か sjis（MS932。ms932 とも）
    #[arg(long, value_enum, default_value = "utf8")]
    pub encoding: Encoding,
    /// 書き出し先ファイル（省略時は標準出力）
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// 既にあるファイルを置き換える (replace an existing file)
    #[arg(long, requires = "out")]
    pub force: bool,
}

#[derive(Debug, Clone, Args)]
pub struct DeadlinesArgs {
    /// 基準日（省略時は今日）(the day to count from; default today)
    #[arg(long, value_name = "DATE")]
    pub on: Option<String>,
    /// 出力形式 (output format)
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

#[derive(Debug, Clone, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct CalendarArgs {
    #[command(subcommand)]
    pub command: Option<CalendarCommand>,
    /// 出力形式 (output format)
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

#[derive(Debug, Clone, Subcommand)]
pub enum CalendarCommand {
    /// 暦のファイル（タブ区切り: key, date, certainty, concerns, what, what_en, source）を取り込む。同じ key の行は置き換え、新しい key は追加（全件正しい時だけ反映）
    Import(CalendarImportArgs),
    /// 使われている暦をファイルに書き出す（取り込める形式）
    Export(CalendarExportArgs),
}

#[derive(Debug, Clone, Args)]
pub struct CalendarImportArgs {
    /// 暦のファイル（UTF-8）
    pub file: PathBuf,
}

#[derive(Debug, Clone, Args)]
pub struct CalendarExportArgs {
    /// 書き出し先ファイル
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// 既にあるファイルを置き換える (replace an existing file)
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Clone, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct ClientsArgs {
    #[command(subcommand)]
    pub command: Option<ClientsCommand>,
    /// 出力形式 (output format)
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

#[derive(Debug, Clone, Subcommand)]
pub enum ClientsCommand {
    /// 利用者の担当介護支援専門員の割り当て（id 付き）の一覧
    Assignments(AssignmentsArgs),
    /// 担当の割り当てを訂正（edit）・取り消し（withdraw）する（理由が必要）
    #[command(subcommand)]
    Assignment(AssignmentCommand),
    /// 給付管理なしの月を設定（理由の訂正も）、または --withdraw で取り消す
    NoBenefit(NoBenefitArgs),
    /// テレビ電話によるモニタリングの同意（本人の文書による同意と担当者会議の合意）がそろった日を記録する（none で取り消し）
    VideoConsent(VideoConsentArgs),
    /// ターミナルケアマネジメントについて本人・家族が同意した日を記録する（none で取り消し、記録済みの日を変えるには --reason）
    TerminalConsent(TerminalConsentArgs),
    /// 亡くなった日と場所（自宅かどうか）を記録する（none で取り消し、記録済みを変えるには --reason）
    Death(DeathArgs),
    /// 同一建物減算の期間の一覧・記録・訂正・取り消し (same-building periods)
    SameBuilding(SameBuildingArgs),
}

#[derive(Debug, Clone, Args)]
pub struct VideoConsentArgs {
    #[command(flatten)]
    pub client: ClientRef,
    /// 同意と合意がそろった日、または none（同意の記録なし）
    #[arg(long, value_name = "DATE|none")]
    pub video_consent: String,
    /// 記録済みの同意を訂正・取り消す理由（記録済みの日を変えるときは必須）
    #[arg(long)]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Args)]
pub struct AssignmentsArgs {
    #[command(flatten)]
    pub client: ClientRef,
    /// 出力形式 (output format)
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

#[derive(Debug, Clone, Subcommand)]
pub enum AssignmentCommand {
    /// 割り当てを訂正する（指定した項目だけ）
    Edit(AssignmentEditArgs),
    /// 割り当てを取り消す（誤って登録したもの）
    Withdraw(WithdrawArgs),
}

#[derive(Debug, Clone, Args)]
pub struct AssignmentEditArgs {
    /// 割り当ての id（careplan clients assignments で確認）
    #[arg(long)]
    pub id: i64,
    /// 担当の介護支援専門員（氏名または介護支援専門員番号）
    #[arg(long)]
    pub care_manager: Option<String>,
    /// 担当の開始日
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// 訂正の理由
    #[arg(long)]
    pub reason: String,
}

/// A row named by id, withdrawn with a reason.
#[derive(Debug, Clone, Args)]
pub struct WithdrawArgs {
    /// 行の id（一覧で確認）
    #[arg(long)]
    pub id: i64,
    /// 取り消しの理由
    #[arg(long)]
    pub reason: String,
}

#[derive(Debug, Clone, Args)]
pub struct NoBenefitArgs {
    #[command(flatten)]
    pub client: ClientRef,
    /// 対象月 YYYY-MM
    #[arg(long, value_name = "YYYY-MM")]
    pub month: String,
    /// 理由（設定・訂正の時は任意、--withdraw の時は取り消しの理由として必須）
    #[arg(long, required_if_eq("withdraw", "true"))]
    pub reason: Option<String>,
    /// 設定を取り消す（その月は給付管理の対象に戻る）
    #[arg(long)]
    pub withdraw: bool,
}

#[derive(Debug, Clone, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct CertificationsArgs {
    #[command(subcommand)]
    pub command: Option<CertificationsCommand>,
    /// 利用者の保険者番号（--insured と共に指定するとその利用者だけ）
    #[arg(long, requires = "insured")]
    pub insurer: Option<String>,
    /// 利用者の被保険者番号
    #[arg(long, requires = "insurer")]
    pub insured: Option<String>,
    /// 出力形式 (output format)
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

#[derive(Debug, Clone, Subcommand)]
pub enum CertificationsCommand {
    /// 認定を登録する（認定済の期間は重ならないこと。区分変更は前の認定を前日までにする）
    Add(Box<CertificationAddArgs>),
    /// 認定を訂正する（指定した項目だけ）
    Edit(Box<CertificationEditArgs>),
    /// 認定を取り消す（誤って登録したもの。区分変更なら前の認定の終了日を戻す）
    Withdraw(WithdrawArgs),
}

#[derive(Debug, Clone, Args)]
pub struct CertificationAddArgs {
    #[command(flatten)]
    pub client: ClientRef,
    /// 要介護度（要介護3、要支援1、23 など）
    #[arg(long)]
    pub level: Option<String>,
    /// 認定状況: 認定済（certified）か 申請中（pending）
    #[arg(long, default_value = "認定済")]
    pub status: String,
    /// 認定有効期間の開始日
    #[arg(long, value_name = "DATE")]
    pub from: String,
    /// 認定有効期間の終了日（申請中は省略可）
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// 認定日
    #[arg(long, value_name = "DATE")]
    pub certified_on: Option<String>,
    /// 区分変更（重なる前の認定は開始日の前日までになる）
    #[arg(long)]
    pub change_of_level: bool,
}

#[derive(Debug, Clone, Args)]
pub struct CertificationEditArgs {
    /// 認定の id（careplan certifications で確認）
    #[arg(long)]
    pub id: i64,
    /// 要介護度
    #[arg(long)]
    pub level: Option<String>,
    /// 認定状況: 認定済 か 申請中
    #[arg(long)]
    pub status: Option<String>,
    /// 認定有効期間の開始日
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// 認定有効期間の終了日（none で消去）
    #[arg(long, value_name = "DATE|none")]
    pub to: Option<String>,
    /// 認定日（none で消去）
    #[arg(long, value_name = "DATE|none")]
    pub certified_on: Option<String>,
    /// 区分変更か
    #[arg(long, value_enum)]
    pub change_of_level: Option<YesNo>,
}

#[derive(Debug, Clone, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct StaffArgs {
    #[command(subcommand)]
    pub command: Option<StaffCommand>,
    /// 出力形式 (output format)
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

#[derive(Debug, Clone, Subcommand)]
pub enum StaffCommand {
    /// 常勤換算の行（id 付き）の一覧、訂正（edit）・取り消し（withdraw）
    Fte(FteArgs),
}

#[derive(Debug, Clone, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct FteArgs {
    #[command(subcommand)]
    pub command: Option<FteCommand>,
    /// 職員（氏名または介護支援専門員番号）の行だけ
    #[arg(long)]
    pub staff: Option<String>,
    /// 出力形式 (output format)
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

#[derive(Debug, Clone, Subcommand)]
pub enum FteCommand {
    /// 常勤換算の行を訂正する（指定した項目だけ）
    Edit(FteEditArgs),
    /// 常勤換算の行を取り消す（誤って登録したもの）
    Withdraw(WithdrawArgs),
}

#[derive(Debug, Clone, Args)]
pub struct FteEditArgs {
    /// 行の id（careplan staff fte で確認）
    #[arg(long)]
    pub id: i64,
    /// 常勤換算（例 0.8）
    #[arg(long, value_name = "X")]
    pub fte: Option<String>,
    /// 適用開始日
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// 訂正の理由
    #[arg(long)]
    pub reason: String,
}

#[derive(Debug, Clone, Args)]
pub struct PlanAddArgs {
    #[command(flatten)]
    pub client: ClientRef,
    /// 作成（変更）日
    #[arg(long, value_name = "DATE")]
    pub plan_date: String,
    /// 初回居宅サービス計画作成日
    #[arg(long, value_name = "DATE")]
    pub first_plan_date: Option<String>,
    /// 区分: 初回・紹介・継続（組み合わせ可、例 初回・紹介）
    #[arg(long, default_value = "継続")]
    pub kind: String,
    /// 計画期間の開始日
    #[arg(long, value_name = "DATE")]
    pub from: String,
    /// 計画期間の終了日
    #[arg(long, value_name = "DATE")]
    pub to: String,
    /// 作成時の要介護度（省略時はその日の認定から）
    #[arg(long)]
    pub care_level: Option<String>,
    /// 同意日
    #[arg(long, value_name = "DATE")]
    pub consent_date: Option<String>,
    /// 利用者への交付日
    #[arg(long, value_name = "DATE")]
    pub handed_date: Option<String>,
    /// 状態: 下書き・同意待ち・確定（省略時: 同意日があれば確定、なければ同意待ち）
    #[arg(long)]
    pub status: Option<String>,
    /// サービス: 事業所番号:サービス種類[:内容[:頻度]]（複数可）
    #[arg(long = "line", value_name = "OFFICE:TYPE[:WHAT[:FREQ]]")]
    pub lines: Vec<String>,
}

#[derive(Debug, Clone, Args)]
pub struct PlanStatusArgs {
    #[command(flatten)]
    pub client: ClientRef,
    /// 作成（変更）日
    #[arg(long, value_name = "DATE")]
    pub plan_date: String,
    /// 新しい状態: 下書き・同意待ち・確定・終了
    #[arg(long)]
    pub status: String,
    /// 同意日
    #[arg(long, value_name = "DATE")]
    pub consent_date: Option<String>,
    /// 交付日
    #[arg(long, value_name = "DATE")]
    pub handed_date: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// 運営指導用の証跡を CSV に書き出す: 送付・受領（利用者・月・事業所ごと）、同じ名前に _支援経過・_モニタリング を付けたファイルに支援経過（訂正・取り消しを含む）と月ごとのモニタリングの状況（記録から確認できないものの印。減算の判断はしません）
    Inspection {
        /// 最初の月 YYYY-MM
        #[arg(long, value_name = "YYYY-MM")]
        from: String,
        /// 最後の月 YYYY-MM
        #[arg(long, value_name = "YYYY-MM")]
        to: String,
        /// 書き出すファイル（既存なら --force がない限り上書きしない）
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// 既にあるファイルを置き換える (replace an existing file)
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ExchangeCommand {
    /// 送受信したファイル（またはフォルダ、下位も）を取り込み、送付記録・事業所・利用者情報に反映する
    Import(ExchangeImportArgs),
}

#[derive(Debug, Clone, Args)]
pub struct ExchangeImportArgs {
    /// ファイルまたはフォルダ（複数可）。ファイルは読むだけで、移動・変更しません
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// 確認だけして保存しない
    #[arg(long)]
    pub dry_run: bool,
    /// 未登録の利用者を UPHOSOKU / UPKIHON の内容で登録する（契約日はファイルの日付で仮置き）
    #[arg(long)]
    pub create_clients: bool,
    /// 出力形式 (output format): table か json
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

#[derive(Debug, Subcommand)]
pub enum EnrollmentCommand {
    /// 事業所の加入状況を1件記録する（日付つきの観察として残る）
    Record(EnrollmentRecordArgs),
    /// 加入状況の CSV を取り込む: 事業所番号*, 加入状況*, 情報源*, 確認日*, メモ（全件成功した時だけ反映）
    Import(ImportArgs),
    /// 加入率・連携での送付の割合・紙の費用・働きかけの優先順
    Report(FormatArg),
    /// 働きかけを1件記録する（日付・方法・相手・内容・結果・段階・次回）
    Outreach(Box<OutreachArgs>),
    /// 自事業所の連携の状況（利用状況の履歴・ライセンス・フリーパス・証明書・誓約）の表示と変更
    Office(Box<EnrollmentOfficeArgs>),
    /// 加入状況の記録（id 付き）の一覧
    Observations(ProviderFilterArgs),
    /// 加入状況の記録を訂正（edit）・取り消し（withdraw）する（理由が必要）
    #[command(subcommand)]
    Observation(ObservationCommand),
    /// 働きかけの記録（id 付き）の一覧
    OutreachLog(ProviderFilterArgs),
    /// 働きかけの記録を訂正する（指定した項目だけ、理由が必要）
    OutreachEdit(Box<OutreachEditArgs>),
    /// 働きかけの記録を取り消す（誤って記録したもの）
    OutreachWithdraw(WithdrawArgs),
}

#[derive(Debug, Clone, Args)]
pub struct ProviderFilterArgs {
    /// 事業所番号（その事業所の分だけ）
    #[arg(long)]
    pub provider: Option<String>,
    /// 出力形式 (output format)
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

#[derive(Debug, Clone, Subcommand)]
pub enum ObservationCommand {
    /// 加入状況の記録を訂正する（指定した項目だけ）
    Edit(ObservationEditArgs),
    /// 加入状況の記録を取り消す
    Withdraw(WithdrawArgs),
}

#[derive(Debug, Clone, Args)]
pub struct ObservationEditArgs {
    /// 記録の id（careplan enrollment observations で確認）
    #[arg(long)]
    pub id: i64,
    /// 加入状況: enrolled / pledged / applying / not_enrolled / declined / unknown
    #[arg(long)]
    pub status: Option<String>,
    /// 情報源: provider / public_register / exchange_file / exchange_search
    #[arg(long)]
    pub source: Option<String>,
    /// 方式: client / web / equivalent
    #[arg(long)]
    pub system: Option<String>,
    /// 確認日
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    /// メモ
    #[arg(long)]
    pub note: Option<String>,
    /// 訂正の理由
    #[arg(long)]
    pub reason: String,
}

#[derive(Debug, Clone, Args)]
pub struct OutreachEditArgs {
    /// 記録の id（careplan enrollment outreach-log で確認）
    #[arg(long)]
    pub id: i64,
    /// 日付
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    /// 方法
    #[arg(long)]
    pub method: Option<String>,
    /// 相手
    #[arg(long)]
    pub who: Option<String>,
    /// 伝えたこと
    #[arg(long)]
    pub said: Option<String>,
    /// 結果
    #[arg(long)]
    pub outcome: Option<String>,
    /// 段階: not_asked / asked / considering / pledged / enrolled / declined
    #[arg(long)]
    pub stage: Option<String>,
    /// 次回のフォロー日（none で消去）
    #[arg(long, value_name = "DATE|none")]
    pub next: Option<String>,
    /// 訂正の理由
    #[arg(long)]
    pub reason: String,
}

#[derive(Debug, Clone, Args)]
pub struct EnrollmentRecordArgs {
    /// 事業所番号
    #[arg(long)]
    pub provider: String,
    /// 加入状況: enrolled / pledged / applying / not_enrolled / declined / unknown（加入済み・加入予定（誓約）・申請中・未加入・加入しない・不明）
    #[arg(long)]
    pub status: String,
    /// 情報源: provider / public_register / exchange_file / exchange_search（事業所から聞いた・情報公表システム・連携ファイル・連携ソフトの検索）
    #[arg(long)]
    pub source: String,
    /// 確認日（省略時は今日）
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    /// 方式: client / web / equivalent（連携ソフト（旧）・WEBサービス・承認された同等のシステム）。WEBサービスへの登録を確かめたら web
    #[arg(long, default_value = "client")]
    pub system: String,
    /// メモ
    #[arg(long, default_value = "")]
    pub note: String,
}

#[derive(Debug, Clone, Args)]
pub struct OutreachArgs {
    /// 事業所番号
    #[arg(long)]
    pub provider: String,
    /// 日付（省略時は今日）
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    /// 方法（電話、訪問、FAX、担当者会議…）
    #[arg(long, default_value = "")]
    pub method: String,
    /// 相手（事業所の担当者）
    #[arg(long, default_value = "")]
    pub who: String,
    /// 伝えたこと
    #[arg(long, default_value = "")]
    pub said: String,
    /// 結果（見送りの場合は理由）
    #[arg(long, default_value = "")]
    pub outcome: String,
    /// 段階: not_asked / asked / considering / pledged / enrolled / declined（未依頼・依頼済み・検討中・加入予定・加入済み・見送り）
    #[arg(long)]
    pub stage: String,
    /// 次回のフォロー日（年なしの 12/5・12月5日 は今日以降で次に来るその日）
    #[arg(long, value_name = "DATE")]
    pub next: Option<String>,
}

#[derive(Debug, Clone, Args)]
pub struct EnrollmentOfficeArgs {
    /// 利用状況を記録: not_applied / applying / in_use / stopped（未申請・申請中・利用中・停止）
    #[arg(long, requires = "from")]
    pub exchange_status: Option<String>,
    /// 利用状況の適用日
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// 利用状況の方式: client / web / equivalent（連携ソフト（旧）・WEBサービス・承認された同等のシステム。省略時は client）
    #[arg(long, requires = "exchange_status")]
    pub system: Option<String>,
    /// WEBサービス（介護保険資格確認等WEBサービス）への利用登録日（none で消去）
    #[arg(long, value_name = "DATE|none")]
    pub web_registered: Option<String>,
    /// ライセンスの申請日（none で消去）
    #[arg(long, value_name = "DATE|none")]
    pub licence_applied: Option<String>,
    /// ライセンスの有効期限（none で消去）
    #[arg(long, value_name = "DATE|none")]
    pub licence_until: Option<String>,
    /// ライセンスの自動更新
    #[arg(long, value_enum)]
    pub auto_renewal: Option<YesNo>,
    /// フリーパスの開始日（none で消去）
    #[arg(long, value_name = "DATE|none")]
    pub free_pass_from: Option<String>,
    /// フリーパスの終了日（none で消去）
    #[arg(long, value_name = "DATE|none")]
    pub free_pass_until: Option<String>,
    /// 電子証明書の種類
    #[arg(long)]
    pub certificate_type: Option<String>,
    /// 電子証明書の有効期限（none で消去）
    #[arg(long, value_name = "DATE|none")]
    pub certificate_expiry: Option<String>,
    /// 連携ソフトを入れているパソコン（移行まで）
    #[arg(long)]
    pub client_pc: Option<String>,
    /// 賃上げ支援・処遇改善の誓約日（none で消去）
    #[arg(long, value_name = "DATE|none")]
    pub pledge: Option<String>,
    /// 出力形式 (output format)
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

/// A client named by the numbers on their insurance card.
#[derive(Debug, Clone, Args)]
pub struct ClientRef {
    /// 利用者の保険者番号
    #[arg(long)]
    pub insurer: String,
    /// 利用者の被保険者番号
    #[arg(long)]
    pub insured: String,
}

#[derive(Debug, Clone, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct NotesArgs {
    #[command(subcommand)]
    pub command: Option<NotesCommand>,
    /// 利用者の保険者番号（--insured と共に指定するとその利用者だけ）
    #[arg(long, requires = "insured")]
    pub insurer: Option<String>,
    /// 利用者の被保険者番号
    #[arg(long, requires = "insurer")]
    pub insured: Option<String>,
    /// この日から（含む）
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// この日まで（含む）
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// 訂正された記録・取り消しも表示する（印を付けて）
    #[arg(long)]
    pub history: bool,
    /// 出力形式 (output format)
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

#[derive(Debug, Clone, Subcommand)]
pub enum NotesCommand {
    /// 支援経過を1件記録する（--corrects で訂正、--withdraw --corrects で取り消し）
    Add(Box<NoteAddArgs>),
    /// 支援経過（第5表）を印刷用のテキストに書き出す
    Print(NotePrintArgs),
    /// 支援経過の項目（訪問・電話・担当者会議…）の一覧、取り込み、書き出し
    Categories(NoteCategoriesArgs),
}

#[derive(Debug, Clone, Args)]
pub struct NoteAddArgs {
    #[command(flatten)]
    pub client: ClientRef,
    /// 日時 "YYYY-MM-DD HH:MM"（和暦も可: "R8.11.28 10:15"。取り消しでは不要）
    #[arg(long, value_name = "DATETIME", required_unless_present = "withdraw")]
    pub at: Option<String>,
    /// 項目: コード・名前（visit / モニタリング訪問、phone / 電話 …。careplan notes categories で一覧）
    #[arg(long, required_unless_present = "withdraw")]
    pub category: Option<String>,
    /// 内容（改行は \n と書くか、引用符の中で改行）
    #[arg(long, default_value = "")]
    pub text: String,
    /// 相手（本人、長女、○○病院の相談員 …）
    #[arg(long, default_value = "")]
    pub counterpart: String,
    /// 理由: 訪問できなかった特段の事情、会議に代えて照会した理由、取り消しの理由
    #[arg(long, default_value = "", required_if_eq("withdraw", "true"))]
    pub reason: String,
    /// 担当の介護支援専門員（氏名または番号。省略時はその日の担当）
    #[arg(long, value_name = "CM")]
    pub staff: Option<String>,
    /// 担当者会議の出席者
    #[arg(long, default_value = "")]
    pub attendees: String,
    /// 会議・アセスメント・照会の対象の計画（計画の作成日）
    #[arg(long, value_name = "DATE")]
    pub plan_date: Option<String>,
    /// 訂正する記録の番号（#の数字）。訂正は新しい記録として残り、元の記録も残ります
    #[arg(long, value_name = "ID")]
    pub corrects: Option<i64>,
    /// --corrects の記録を取り消す（--reason が必要）
    #[arg(long, requires = "corrects")]
    pub withdraw: bool,
    /// 訂正の理由（--corrects で訂正するときは必須）
    #[arg(long, requires = "corrects")]
    pub correction_reason: Option<String>,
    #[command(flatten)]
    pub fields: NoteFieldArgs,
}

/// The structured fields of the 加算 categories (入院時情報提供, 退院・退所情報収集, 通院同席,
/// 緊急時等居宅カンファレンス, ターミナルの記録); each category takes only its own.
#[derive(Debug, Clone, Args)]
pub struct NoteFieldArgs {
    /// 方法: face_to_face（面談）/ fax / post（郵送）/ mail / phone / video（テレビ電話）/ other
    #[arg(long, value_name = "METHOD")]
    pub method: Option<String>,
    /// 場所（医療機関へ出向いたとき、居宅でのカンファレンス）
    #[arg(long, default_value = "")]
    pub place: String,
    /// 入院・入所の id（careplan stays で確認）: 入院時情報提供・退院・退所情報収集
    #[arg(long, value_name = "ID")]
    pub stay: Option<i64>,
    /// カンファレンスで情報を受けた（退院・退所情報収集）
    #[arg(long)]
    pub conference: bool,
    /// 入院時情報提供書・共同指導の文書の控えがある
    #[arg(long)]
    pub document_on_file: bool,
    /// 通院同席の相手: doctor（医師）か dentist（歯科医師）
    #[arg(long, value_name = "KIND")]
    pub doctor_kind: Option<String>,
    /// 通院同席: 医師に伝えた内容
    #[arg(long, default_value = "")]
    pub told: String,
    /// 通院同席: 医師から聞いた内容
    #[arg(long, default_value = "")]
    pub heard: String,
    /// 緊急時等居宅カンファレンス: 求めた病院・診療所
    #[arg(long, default_value = "")]
    pub requested_by: String,
    /// 緊急時等居宅カンファレンス: 医師・看護師等が同席した
    #[arg(long)]
    pub medical_attended: bool,
    /// 計画を変更した
    #[arg(long)]
    pub plan_changed: bool,
}

#[derive(Debug, Clone, Args)]
pub struct NotePrintArgs {
    #[command(flatten)]
    pub client: ClientRef,
    /// この日から（含む）
    #[arg(long, value_name = "DATE")]
    pub from: String,
    /// この日まで（含む）
    #[arg(long, value_name = "DATE")]
    pub to: String,
    /// 書き出すファイル（省略時は標準出力。既存なら --force がない限り上書きしない）
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// 既にあるファイルを置き換える (replace an existing file)
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Clone, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct NoteCategoriesArgs {
    #[command(subcommand)]
    pub command: Option<CategoriesCommand>,
    /// 出力形式 (output format)
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

#[derive(Debug, Clone, Subcommand)]
pub enum CategoriesCommand {
    /// 項目のファイル（タブ区切り: code, name, name_en, counts_as, template, template_en, from, until, source）を取り込む。同じ code と from の行は置き換え（全件正しい時だけ反映）
    Import(CalendarImportArgs),
    /// 使われている項目をファイルに書き出す（取り込める形式）
    Export(CalendarExportArgs),
}

#[derive(Debug, Clone, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct MonitoringArgs {
    #[command(subcommand)]
    pub command: Option<MonitoringCommand>,
    /// 対象月 YYYY-MM（省略時は今月。今月は今日で月が終わったとして判定）
    #[arg(long, value_name = "YYYY-MM")]
    pub month: Option<String>,
    /// 出力形式 (output format)
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

#[derive(Debug, Clone, Subcommand)]
pub enum MonitoringCommand {
    /// モニタリング（訪問・テレビ電話・電話など）を支援経過に記録する。none は特段の事情（--reason）の記録
    Record(MonitoringRecordArgs),
}

/// What a monitoring record says happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MonitoringKind {
    /// 居宅を訪問して面接
    Visit,
    /// テレビ電話装置等で面接
    Video,
    /// 電話
    Phone,
    /// その他
    Other,
    /// できなかった（--reason に特段の事情）
    None,
}

#[derive(Debug, Clone, Args)]
pub struct MonitoringRecordArgs {
    #[command(flatten)]
    pub client: ClientRef,
    /// 日付
    #[arg(long, value_name = "DATE")]
    pub date: String,
    /// 何をしたか
    #[arg(long, value_enum)]
    pub kind: MonitoringKind,
    /// 特段の事情（--kind none では必須。例: 入院中、本人の拒否）
    #[arg(long, required_if_eq("kind", "none"))]
    pub reason: Option<String>,
    /// 見たこと・聞いたこと（none 以外は必須: ひな形だけの記録は残しません）
    #[arg(long)]
    pub note: Option<String>,
    /// 時刻 HH:MM
    #[arg(long, value_name = "HH:MM")]
    pub at_time: Option<String>,
    /// 担当の介護支援専門員（氏名または番号。省略時はその日の担当）
    #[arg(long, value_name = "CM")]
    pub staff: Option<String>,
}

#[derive(Debug, Clone, Args)]
pub struct MigrateDirArgs {
    /// 書き出したファイルのフォルダ（読むだけで、変更しません）
    pub dir: PathBuf,
    /// 確認だけして保存しない (report what would change, change nothing)
    #[arg(long)]
    pub dry_run: bool,
    /// 出力形式 (output format): table か json
    #[arg(long, value_enum, default_value = "table")]
    pub format: TableOrJson,
}

#[derive(Debug, Clone, Args)]
pub struct MigrateCsvArgs {
    /// CSV ファイル（UTF-8／MS932 を自動判別、1行目は見出し）
    pub file: PathBuf,
    /// 対応表（TOML）: 見出し → careplan の項目、日付の形、値の読み替え
    #[arg(
        long,
        value_name = "MAP.toml",
        required_unless_present = "map_template"
    )]
    pub map: Option<PathBuf>,
    /// ファイルの見出しから対応表のひな形を書き出す（取り込みはしない）
    #[arg(long, value_name = "OUT.toml", conflicts_with = "map")]
    pub map_template: Option<PathBuf>,
    /// ひな形を書き出す先に既にファイルがあれば置き換える
    #[arg(long, requires = "map_template")]
    pub force: bool,
    /// 確認だけして保存しない (report what would change, change nothing)
    #[arg(long)]
    pub dry_run: bool,
    /// 出力形式 (output format): table か json
    #[arg(long, value_enum, default_value = "table")]
    pub format: TableOrJson,
}

#[derive(Debug, Clone, Args)]
pub struct TerminalConsentArgs {
    #[command(flatten)]
    pub client: ClientRef,
    /// 同意した日、または none（記録なし）
    #[arg(long, value_name = "DATE|none")]
    pub on: String,
    /// 記録済みの日を訂正・取り消す理由
    #[arg(long)]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Args)]
pub struct DeathArgs {
    #[command(flatten)]
    pub client: ClientRef,
    /// 亡くなった日、または none（記録なし）
    #[arg(long, value_name = "DATE|none")]
    pub on: String,
    /// 場所: home（自宅）か other（自宅以外）
    #[arg(long, value_name = "PLACE")]
    pub place: Option<String>,
    /// 記録済みの死亡の記録を訂正・取り消す理由
    #[arg(long)]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct SameBuildingArgs {
    #[command(subcommand)]
    pub command: Option<SameBuildingCommand>,
    /// 取り消したものも表示する
    #[arg(long)]
    pub withdrawn: bool,
    /// 出力形式 (output format)
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

#[derive(Debug, Clone, Subcommand)]
pub enum SameBuildingCommand {
    /// 同一建物減算の期間を記録する
    Add(SameBuildingAddArgs),
    /// 期間を訂正する（指定した項目だけ、理由が必要）
    Edit(SameBuildingEditArgs),
    /// 期間を取り消す（誤って登録したもの、理由が必要）
    Withdraw(WithdrawArgs),
}

#[derive(Debug, Clone, Args)]
pub struct SameBuildingAddArgs {
    #[command(flatten)]
    pub client: ClientRef,
    /// 理由: office_building（事業所と同じ建物）/ adjacent_site（同一・隣接敷地）/ twenty_plus（利用者20人以上の建物）
    #[arg(long)]
    pub why: String,
    /// 建物の名前
    #[arg(long, default_value = "")]
    pub building: String,
    /// 開始日
    #[arg(long, value_name = "DATE")]
    pub from: String,
    /// 終了日（省略で継続中）
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
}

#[derive(Debug, Clone, Args)]
pub struct SameBuildingEditArgs {
    /// 期間の id（careplan clients same-building で確認）
    #[arg(long)]
    pub id: i64,
    /// 理由（office_building / adjacent_site / twenty_plus）
    #[arg(long)]
    pub why: Option<String>,
    /// 建物の名前
    #[arg(long)]
    pub building: Option<String>,
    /// 開始日
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// 終了日（none で継続中に戻す）
    #[arg(long, value_name = "DATE|none")]
    pub until: Option<String>,
    /// 訂正の理由
    #[arg(long)]
    pub reason: String,
}

#[derive(Debug, Clone, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct StaysArgs {
    #[command(subcommand)]
    pub command: Option<StaysCommand>,
    /// 利用者の保険者番号（--insured と共に指定するとその利用者だけ）
    #[arg(long, requires = "insured")]
    pub insurer: Option<String>,
    /// 利用者の被保険者番号
    #[arg(long, requires = "insurer")]
    pub insured: Option<String>,
    /// 取り消したものも表示する
    #[arg(long)]
    pub withdrawn: bool,
    /// 出力形式 (output format)
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

#[derive(Debug, Clone, Subcommand)]
pub enum StaysCommand {
    /// 入院・入所を記録する
    Add(StayAddArgs),
    /// 入院・入所の記録を訂正する（退院の記入も。指定した項目だけ、理由が必要）
    Edit(StayEditArgs),
    /// 入院・入所の記録を取り消す（誤って登録したもの、理由が必要）
    Withdraw(WithdrawArgs),
}

#[derive(Debug, Clone, Args)]
pub struct StayAddArgs {
    #[command(flatten)]
    pub client: ClientRef,
    /// 医療機関・施設の名前
    #[arg(long)]
    pub institution: String,
    /// 種類: hospital（病院）/ clinic（診療所）/ tokuyo（特養）/ chiiki_tokuyo（地域密着特養）/ roken（老健）/ iryoin（介護医療院）
    #[arg(long)]
    pub kind: String,
    /// 入院・入所日
    #[arg(long, value_name = "DATE")]
    pub admitted_on: String,
    /// 事業所の営業時間外の入院
    #[arg(long)]
    pub after_hours: bool,
    /// 退院・退所日
    #[arg(long, value_name = "DATE")]
    pub discharged_on: Option<String>,
    /// 退院先: home（自宅）/ facility（施設）/ transfer（転院）/ death（死亡）
    #[arg(long, requires = "discharged_on")]
    pub destination: Option<String>,
    /// 備考
    #[arg(long, default_value = "")]
    pub note: String,
}

#[derive(Debug, Clone, Args)]
pub struct StayEditArgs {
    /// 入院・入所の id（careplan stays で確認）
    #[arg(long)]
    pub id: i64,
    /// 医療機関・施設の名前
    #[arg(long)]
    pub institution: Option<String>,
    /// 種類（hospital / clinic / tokuyo / chiiki_tokuyo / roken / iryoin）
    #[arg(long)]
    pub kind: Option<String>,
    /// 入院・入所日
    #[arg(long, value_name = "DATE")]
    pub admitted_on: Option<String>,
    /// 営業時間外の入院か
    #[arg(long, value_enum)]
    pub after_hours: Option<YesNo>,
    /// 退院・退所日（none で入院中に戻す）
    #[arg(long, value_name = "DATE|none")]
    pub discharged_on: Option<String>,
    /// 退院先（home / facility / transfer / death）
    #[arg(long)]
    pub destination: Option<String>,
    /// 備考
    #[arg(long)]
    pub note: Option<String>,
    /// 訂正の理由
    #[arg(long)]
    pub reason: String,
}

#[derive(Debug, Clone, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct HoursArgs {
    #[command(subcommand)]
    pub command: Option<HoursCommand>,
    /// 出力形式 (output format)
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

#[derive(Debug, Clone, Subcommand)]
pub enum HoursCommand {
    /// この日からの営業日・営業時間を設定する（それまでの設定は前日で終わる）
    Set(HoursSetArgs),
}

#[derive(Debug, Clone, Args)]
pub struct HoursSetArgs {
    /// 営業する曜日（1-5、月-金、月,火,水,木,金 など）
    #[arg(long)]
    pub weekdays: String,
    /// 始業 HH:MM
    #[arg(long, value_name = "HH:MM")]
    pub opens: String,
    /// 終業 HH:MM
    #[arg(long, value_name = "HH:MM")]
    pub closes: String,
    /// 適用開始日
    #[arg(long, value_name = "DATE")]
    pub from: String,
    /// 祝日も営業する（既定: 祝日は休み）
    #[arg(long)]
    pub holidays_open: bool,
}

#[derive(Debug, Clone, Args)]
pub struct DaysArgs {
    /// 日付 DATE、または期間 DATE..DATE
    #[arg(value_name = "DATE[..DATE]")]
    pub days: String,
    /// 理由（年末年始、研修、臨時営業など）
    #[arg(long)]
    pub reason: String,
}

#[derive(Debug, Clone, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct DaysListArgs {
    #[command(subcommand)]
    pub command: Option<DaysCommand>,
    /// 取り消したものも表示する
    #[arg(long)]
    pub withdrawn: bool,
    /// 出力形式 (output format)
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

#[derive(Debug, Clone, Subcommand)]
pub enum DaysCommand {
    /// 休業日・営業日の記録を取り消す（理由が必要）
    Withdraw(WithdrawArgs),
}

#[derive(Debug, Clone, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct PeriodsArgs {
    #[command(subcommand)]
    pub command: Option<PeriodsCommand>,
    /// 出力形式 (output format)
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

#[derive(Debug, Clone, Subcommand)]
pub enum PeriodsCommand {
    /// 体制の期間を設定する（体制届が効力を持つ期間。none で取り消し）
    Set(PeriodSetArgs),
}

#[derive(Debug, Clone, Args)]
pub struct PeriodSetArgs {
    /// 体制: tokutei_1 / tokutei_2 / tokutei_3 / tokutei_a（特定事業所加算の区分）、iryo_kaigo_renkei（医療介護連携）、contact_24h（24時間連絡体制）
    pub setting: String,
    /// 適用開始日（none で取り消し）
    #[arg(long, value_name = "DATE|none")]
    pub from: String,
    /// 適用終了日（省略で継続中）
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
}

#[derive(Debug, Clone, Subcommand)]
pub enum KasanCommand {
    /// 利用者・月・加算ごとの判断を記録する: accept（算定する）/ reject（算定しない、理由が必要）/ withdraw（判断を取り消す、理由が必要）
    Decide(KasanDecideArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KasanVerdict {
    Accept,
    Reject,
    Withdraw,
}

#[derive(Debug, Clone, Args)]
pub struct KasanDecideArgs {
    #[command(flatten)]
    pub client: ClientRef,
    /// 月 YYYY-MM
    #[arg(long, value_name = "YYYY-MM")]
    pub month: String,
    /// 加算: shokai / nyuin_1 / nyuin_2 / taiin_1i / taiin_1ro / taiin_2i / taiin_2ro / taiin_3 / tsuin / kinkyu / terminal
    #[arg(long, value_name = "KEY")]
    pub kasan: String,
    /// 退院・退所加算の入院・入所の id（1回の入院・入所に1回）
    #[arg(long, value_name = "ID")]
    pub stay: Option<i64>,
    /// 判断
    #[arg(value_enum)]
    pub verdict: KasanVerdict,
    /// 理由（reject と withdraw では必須）
    #[arg(long, default_value = "")]
    pub reason: String,
}

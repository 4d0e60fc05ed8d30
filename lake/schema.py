"""The lake's public schema (DESIGN §3): table names, partition keys, column types and allowed values.

Other tools read the Parquet directly, so these names, types and values are an interface: add columns freely,
rename only with a documented reason.
"""

from dataclasses import dataclass

import pyarrow as pa

from lake import policy

HOUSEHOLD_TYPES = ("脱贫户", "脱贫不稳定户", "边缘易致贫户", "突发严重困难户")
MONITORED_HOUSEHOLD_TYPES = HOUSEHOLD_TYPES[1:]  # 防止返贫监测对象
LABOR_SKILLS = ("普通劳动力", "技能劳动力", "弱劳动力或半劳动力", "丧失劳动力", "无劳动力")
# Where a person works, as the national migrant-worker statistics classify it (农民工监测调查: 乡镇内 = 本地,
# the rest = 外出). 区内 is the value of the templates used before the split: it says "in the district" and cannot
# tell 乡镇内 from 乡镇外区内, so it stays valid (old files still import) and the figures that need the split say
# they cannot be determined for rows that carry it.
WORK_LOCATIONS = ("乡镇内", "乡镇外区内", "区外省内", "省外", "境外")
IN_DISTRICT_UNSPLIT = "区内"
WORK_LOCATION_VALUES = (*WORK_LOCATIONS, IN_DISTRICT_UNSPLIT)
CHANNELS = (
    "政府部门组织", "社区(村)组织", "人力资源服务机构", "劳务经纪人", "帮扶载体", "公益性岗位", "返乡创业", "自主就业",
)
ORGANIZED_CHANNELS = CHANNELS[:4]  # 有组织劳务输出
EMPLOYMENT_FORMS = ("全日制", "非全日制", "新就业形态", "公益性岗位", "自主创业")
INDUSTRIES = ("农林牧渔", "制造业", "建筑业", "批发零售", "交通运输", "住宿餐饮", "居民服务", "其他")
GENDERS = ("男", "女")
POST_TYPES = ("保洁", "护林", "水管", "治安", "其他")
SUBSIDY_TYPES = (
    "创业补贴", "创业担保贷款", "场地租金补贴", "吸纳就业奖补", "交通补助", "意外伤害保险补贴", "社会保险补贴",
)
CARRIER_KINDS = ("零工驿站", "爱心企业", "就业工坊", "返乡创业园区")
CARRIER_LEVELS = ("省级", "市级", "区级")
# 就业服务专项活动 (work plan: 在“春风行动”“金秋招聘月”等就业服务专项活动中，将脱贫劳动力作为重点服务对象)
CAMPAIGNS = ("春风行动", "金秋招聘月", "就业援助月", "民营企业招聘月", "其他专项活动")
# 返乡创业载体 (work plan: 积极申报省级返乡创业示范县(区)、示范园、示范项目，定期开展市级返乡创业园区认定)
STARTUP_RECORD_KINDS = (
    "市级返乡创业园区认定", "省级返乡创业示范县(区)申报", "省级返乡创业示范园申报", "省级返乡创业示范项目申报",
)
STARTUP_RECORD_STATUSES = ("已申报", "已认定", "未通过")


@dataclass(frozen=True)
class Table:
    name: str
    partition_key: str  # "month" (YYYY-MM) or "year" (YYYY); a Hive folder, not a column in the files
    schema: pa.Schema  # the columns stored in each file (the partition key is in the folder name)
    allowed: dict  # column -> allowed values (null allowed where the column is nullable)
    # The columns that name one row of a partition: the importer refuses a file repeating them. Only these are
    # unique — an id column elsewhere is a reference (a roster's carrier_id names the carrier a person works at, and
    # many people work at one carrier).
    key: tuple[str, ...] = ()


def _schema(*fields) -> pa.Schema:
    return pa.schema([pa.field(name, typ) for name, typ in fields])


S, INT, B, D = pa.string(), pa.int64(), pa.bool_(), pa.date32()

LABORERS = Table(
    "laborers",
    "month",
    _schema(
        ("person_id", S), ("district_code", S), ("town_code", S), ("village", S), ("gender", S),
        ("birth_year", INT), ("household_type", S), ("labor_skill", S), ("able_to_work", B),
        ("willing_to_work", B), ("employed", B), ("work_location", S), ("channel", S), ("employment_form", S),
        ("industry", S), ("monthly_income_yuan", INT), ("months_worked_ytd", INT), ("labor_brand", S),
        ("carrier_id", S), ("has_contract", B), ("has_social_insurance", B), ("trained_skill", B),
        ("trained_startup", B),
        # 培训需求 (work plan: 根据脱贫劳动力就业意愿和培训需求): null where the roster did not ask (files before 2025)
        ("wants_skill_training", B), ("wants_startup_training", B),
        # the trade of this year's skill training (劳务品牌: 加强品牌质量建设 — training in the brand's own trade)
        ("trained_skill_trade", S),
    ),
    {
        "gender": GENDERS, "household_type": HOUSEHOLD_TYPES, "labor_skill": LABOR_SKILLS,
        "work_location": WORK_LOCATION_VALUES, "channel": CHANNELS, "employment_form": EMPLOYMENT_FORMS,
        "industry": INDUSTRIES,
    },
    key=("person_id",),
)

WELFARE_POSTS = Table(
    "welfare_posts",
    "month",
    _schema(
        ("person_id", S), ("district_code", S), ("town_code", S), ("post_type", S), ("start_date", D),
        ("monthly_pay_yuan", INT),
        # the post's own id (岗位编号, issue 18): 岗位数 counts posts; null in files without it (then each person ×
        # post type counts as one post, the count before post ids)
        ("post_id", S),
    ),
    {"post_type": POST_TYPES},
    key=("person_id",),
)

SUBSIDY_CLAIMS = Table(
    "subsidy_claims",
    "month",
    _schema(
        ("claim_id", S), ("subsidy_type", S), ("person_id", S), ("enterprise_id", S), ("district_code", S),
        ("amount_yuan", INT), ("contract_months", INT), ("insured_months", INT), ("employed_months", INT),
        ("organized_months", INT), ("work_location", S), ("rent_months", INT), ("loan_amount_yuan", INT),
    ),
    {"subsidy_type": SUBSIDY_TYPES, "work_location": WORK_LOCATION_VALUES},
    key=("claim_id",),
)

ENTREPRENEURS = Table(
    "entrepreneurs",
    "year",
    _schema(
        ("person_id", S), ("district_code", S), ("town_code", S), ("park_id", S), ("started_on", D),
        ("employs_laborers", INT),
        # 对入驻返乡创业示范园区的脱贫劳动力经营项目，优先提供创业开业指导、创业培训 (null: not reported)
        ("got_opening_guidance", B), ("got_startup_training", B),
    ),
    {},
    key=("person_id",),
)

CARRIERS = Table(
    "carriers",
    "year",
    _schema(
        ("carrier_id", S), ("name", S), ("kind", S), ("level", S), ("district_code", S), ("town_code", S),
        ("laborers_absorbed", INT),
    ),
    {"kind": CARRIER_KINDS, "level": CARRIER_LEVELS},
    key=("carrier_id",),
)

TOWN_ASSESSMENTS = Table(
    "town_assessments",
    "year",
    _schema(
        ("town_code", S), ("rural_transfer_rate_pct", pa.float64()), ("entrepreneurs_supported", INT),
        ("demo_applications", INT), ("entrepreneur_models", INT), ("featured_industries", INT), ("carriers_count", INT),
        ("publicity_months", INT), ("platform_update_months", INT), ("spot_check_accuracy_pct", pa.float64()),
        ("has_joint_group", B), ("staff_stationed", INT), ("min_staff_days_per_month", INT),
        # added for the annex's 村、乡镇（街道）两级 (indicator 7; platform_update_months is the town level) and
        # its two data sets (indicator 8; spot_check_accuracy_pct is 农村劳动力转移就业): null in older files
        ("village_platform_update_months", INT), ("migrant_spot_check_accuracy_pct", pa.float64()),
    ),
    {},
    key=("town_code",),
)

# ---- the work plan's measures (issue 18): yearly registers kept by the districts ----
LABOR_BROKERS = Table(  # 农村劳务经纪人名册: no names, a stable broker id
    "labor_brokers",
    "year",
    _schema(("broker_id", S), ("district_code", S), ("town_code", S), ("villages_covered", INT),
            ("persons_placed", INT)),
    {},
    key=("broker_id",),
)

SERVICE_CAMPAIGNS = Table(  # 就业服务专项活动: one row per campaign × district × month held
    "service_campaigns",
    "year",
    _schema(("campaign", S), ("district_code", S), ("month_of_year", INT), ("laborers_served", INT),
            ("jobs_offered", INT), ("laborers_placed", INT)),
    {"campaign": CAMPAIGNS},
    key=("campaign", "district_code", "month_of_year"),
)

STARTUP_RECORDS = Table(  # 市级返乡创业园区认定与省级示范县(区)/示范园/示范项目申报
    "startup_records",
    "year",
    _schema(("record_id", S), ("kind", S), ("status", S), ("district_code", S), ("town_code", S), ("park_id", S)),
    {"kind": STARTUP_RECORD_KINDS, "status": STARTUP_RECORD_STATUSES},
    key=("record_id",),
)

STARTUP_LEADERS = Table(  # 返乡创业带头人（推选）
    "startup_leaders",
    "year",
    _schema(("person_id", S), ("district_code", S), ("town_code", S), ("park_id", S), ("employs_laborers", INT)),
    {},
    key=("person_id",),
)

TABLES = {t.name: t for t in (LABORERS, WELFARE_POSTS, SUBSIDY_CLAIMS, ENTREPRENEURS, CARRIERS, TOWN_ASSESSMENTS,
                              LABOR_BROKERS, SERVICE_CAMPAIGNS, STARTUP_RECORDS, STARTUP_LEADERS)}



def allowed_values(table: str, column: str) -> tuple:
    """The values the importer accepts in a column: the schema's list, and for `laborers.employment_form` also every
    form the policy counts as flexible employment in any year (the plan's "非全日制、新就业形态等多种形式" is open: a
    form added to `flexible_employment_forms` in policy.toml is importable without a code change)."""
    allowed = TABLES[table].allowed[column]
    if (table, column) == ("laborers", "employment_form"):
        allowed = tuple(dict.fromkeys(allowed + policy.every_value_of("flexible_employment_forms")))
    return allowed


# Columns that must never appear in the lake (DESIGN §3: pseudonymous ids only).
FORBIDDEN_COLUMN_WORDS = ("name", "id_card", "idcard", "phone", "mobile", "姓名", "证件", "身份证", "电话", "手机")

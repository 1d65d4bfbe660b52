/**
 * Which Steward field each column of an import file fills, proposed from the headers: Steward's
 * own export headers, Salesforce's (API names and report labels) and HubSpot's. Pure data and
 * functions; docs/data.md#mapping lists what is recognised.
 */
import { lifecycleStages, segments } from '../schemas/accounts.ts';
import { activityTypes, contactRoles, sentiments } from '../schemas/relationship.ts';
import { contractStatuses, opportunitySources, opportunityTypes } from '../schemas/revenue-values.ts';
import { headerKey } from './csv-values.ts';
import { forecastCategories, stages } from './forecast.ts';

export const importEntities = [
  'accounts',
  'contacts',
  'opportunities',
  'contracts',
  'activities',
  'signals',
] as const;
export type ImportEntity = (typeof importEntities)[number];
export const importSources = ['steward', 'salesforce', 'hubspot', 'generic'] as const;
export type ImportSource = (typeof importSources)[number];

export type FieldKind =
  | 'text'
  | 'number'
  | 'date'
  | 'datetime'
  | 'boolean'
  | 'enum'
  | 'user'
  | 'account'
  | 'list';
export interface ImportField {
  key: string;
  label: string;
  kind: FieldKind;
  required: boolean;
  values?: readonly string[];
}

interface FieldSpec extends ImportField {
  /** Header keys (see headerKey) that propose this field, best first. */
  aliases: string[];
}

const f = (
  key: string,
  label: string,
  kind: FieldKind,
  aliases: string[],
  extra: { required?: boolean; values?: readonly string[] } = {},
): FieldSpec => ({ key, label, kind, required: extra.required ?? false, values: extra.values, aliases });

const idField = f('id', 'Steward id', 'text', ['id', 'stewardid']);
const externalId = f('externalId', 'External id (Salesforce or HubSpot)', 'text', ['externalid', 'recordid']);
const account = f('account', 'Account (id, external id, domain or name)', 'account', [
  'accountid',
  'account',
  'accountname',
  'associatedcompany',
  'associatedcompanyid',
  'company',
  'companyname',
  'accountdomain',
  'companydomainname',
]);
const owner = (what: string) =>
  f('owner', 'Owner (e-mail or name)', 'user', [
    'owneremail',
    `${what}owneremail`,
    'owner',
    `${what}owner`,
    'accountowner',
    'companyowner',
    'opportunityowner',
    'ownername',
    'ownerfullname',
    'assignedto',
  ]);

const fields: Record<ImportEntity, FieldSpec[]> = {
  accounts: [
    idField,
    externalId,
    f(
      'name',
      'Name',
      'text',
      ['name', 'accountname', 'companyname', 'company', 'organisation', 'organization'],
      {
        required: true,
      },
    ),
    f('domain', 'Domain or website', 'text', [
      'domain',
      'companydomainname',
      'website',
      'websiteurl',
      'url',
      'web',
    ]),
    f('industry', 'Industry', 'text', ['industry']),
    f('segment', 'Segment', 'enum', ['segment'], { values: segments }),
    f('lifecycleStage', 'Lifecycle stage', 'enum', ['lifecyclestage', 'stage', 'status'], {
      values: lifecycleStages,
    }),
    owner('company'),
    f('parentAccount', 'Parent account (id, external id, domain or name)', 'account', [
      'parentaccountid',
      'parentid',
      'parentaccount',
      'parentcompany',
      'parentaccountname',
    ]),
    f('checkInCadenceDays', 'Check-in cadence (days)', 'number', [
      'checkincadencedays',
      'cadence',
      'cadencedays',
    ]),
    f('tags', 'Tags', 'list', ['tags', 'labels']),
  ],
  contacts: [
    idField,
    externalId,
    account,
    f('firstName', 'First name', 'text', ['firstname', 'givenname']),
    f('lastName', 'Last name', 'text', ['lastname', 'surname', 'familyname']),
    f('email', 'E-mail', 'text', ['email', 'emailaddress', 'email1', 'workemail']),
    f('phone', 'Phone', 'text', ['phone', 'phonenumber', 'mobilephone', 'mobile', 'workphone']),
    f('title', 'Title', 'text', ['title', 'jobtitle', 'position']),
    f('role', 'Role', 'enum', ['role', 'contactrole', 'buyingrole'], { values: contactRoles }),
    f('isPrimary', 'Primary contact', 'boolean', ['isprimary', 'primary', 'primarycontact']),
    f('notes', 'Notes', 'text', ['notes', 'description', 'note']),
  ],
  opportunities: [
    idField,
    externalId,
    account,
    f('name', 'Name', 'text', ['name', 'opportunityname', 'dealname'], { required: true }),
    f('type', 'Type', 'enum', ['type', 'opportunitytype', 'dealtype'], { values: opportunityTypes }),
    f('stage', 'Stage', 'enum', ['stage', 'stagename', 'dealstage'], { values: stages }),
    f('amount', 'Amount', 'number', ['amount', 'amountincompanycurrency', 'value', 'dealamount']),
    f('probability', 'Probability (%)', 'number', ['probability', 'dealprobability']),
    f('forecastCategory', 'Forecast category', 'enum', ['forecastcategory', 'forecastcategoryname'], {
      values: forecastCategories,
    }),
    f('closeDate', 'Close date', 'date', ['closedate']),
    owner('deal'),
    f('source', 'Source', 'enum', ['source', 'leadsource', 'originalsource'], { values: opportunitySources }),
    f('nextStep', 'Next step', 'text', ['nextstep']),
    f('nextStepDue', 'Next step due', 'date', ['nextstepdue']),
    f('lostReason', 'Lost reason', 'text', ['lostreason', 'closedlostreason']),
  ],
  contracts: [
    idField,
    externalId,
    account,
    f('name', 'Name', 'text', ['name', 'contractname', 'contractnumber'], { required: true }),
    f('startDate', 'Start date', 'date', ['startdate', 'contractstartdate'], { required: true }),
    f('endDate', 'End date', 'date', ['enddate', 'contractenddate'], { required: true }),
    f('arr', 'ARR', 'number', ['arr', 'annualrecurringrevenue', 'annualvalue', 'amount']),
    f('autoRenew', 'Renews automatically', 'boolean', ['autorenew', 'autorenewal', 'evergreen']),
    f('upliftPercent', 'Uplift (%)', 'number', ['upliftpercent', 'uplift', 'priceincrease']),
    f('renewalWindowDays', 'Renewal window (days)', 'number', ['renewalwindowdays', 'ownerexpirationnotice']),
    f('status', 'Status', 'enum', ['status'], { values: contractStatuses }),
  ],
  activities: [
    idField,
    externalId,
    account,
    f('type', 'Type', 'enum', ['type', 'activitytype', 'tasksubtype', 'engagementtype'], {
      values: activityTypes,
    }),
    f('subject', 'Subject', 'text', ['subject', 'title', 'activitysubject'], { required: true }),
    f('body', 'Body', 'text', ['body', 'description', 'comments', 'notes', 'notebody']),
    f('occurredAt', 'Occurred at', 'datetime', [
      'occurredat',
      'date',
      'activitydate',
      'createddate',
      'timestamp',
    ]),
    f('sentiment', 'Sentiment', 'enum', ['sentiment'], { values: sentiments }),
  ],
  signals: [
    account,
    f('metric', 'Metric', 'text', ['metric', 'metricname', 'name'], { required: true }),
    f('value', 'Value', 'number', ['value'], { required: true }),
    f('recordedAt', 'Recorded at', 'datetime', ['recordedat', 'date', 'timestamp', 'time'], {
      required: true,
    }),
  ],
};

/** The fields a column of an entity's file may fill (custom fields of accounts aside). */
export function importFields(entity: ImportEntity): ImportField[] {
  return fields[entity].map(({ aliases: _, ...field }) => field);
}

/** Whether `key` is a field of the entity: one of its fields, or `customFields.<key>` for accounts. */
export function isImportField(entity: ImportEntity, key: string): boolean {
  if (entity === 'accounts' && /^customFields\.[^.\s][^\s]{0,99}$/.test(key)) return true;
  return fields[entity].some((x) => x.key === key);
}

export function fieldOf(entity: ImportEntity, key: string): ImportField | undefined {
  if (entity === 'accounts' && key.startsWith('customFields.'))
    return { key, label: key.slice('customFields.'.length), kind: 'text', required: false };
  const spec = fields[entity].find((x) => x.key === key);
  if (!spec) return undefined;
  const { aliases: _, ...field } = spec;
  return field;
}

/**
 * Whose export a file is, from its headers: Steward's own (its camelCase headers, as written),
 * HubSpot's (`Record ID`), Salesforce's (API names such as `OwnerId`, `BillingCity`, or report
 * labels such as `Account Owner`), or a spreadsheet.
 */
export function detectSource(headers: readonly string[]): ImportSource {
  const exact = new Set(headers);
  const keys = new Set(headers.map(headerKey));
  if (
    exact.has('id') &&
    ['ownerEmail', 'accountId', 'lifecycleStage', 'checkInCadenceDays'].some((h) => exact.has(h))
  )
    return 'steward';
  if (keys.has('recordid') || [...keys].some((k) => /^(company|contact|deal)owner$/.test(k)))
    return 'hubspot';
  const salesforce = [
    'ownerid',
    'billingcity',
    'billingcountry',
    'parentid',
    'createddate',
    'lastmodifieddate',
    'stagename',
    'accountowner',
    'opportunityowner',
    'opportunityname',
    'probability',
  ];
  if (exact.has('Id') || exact.has('Owner.Email') || salesforce.some((k) => keys.has(k))) return 'salesforce';
  return 'generic';
}

/**
 * The proposed field of each column (null: not imported). Each field is proposed for at most one
 * column, the one whose header is its best alias. An `Id` column is the id in the system the file
 * came from, kept as the external id; only in Steward's own export is `id` Steward's.
 */
export function proposeMapping(
  entity: ImportEntity,
  headers: readonly string[],
): Record<string, string | null> {
  const source = detectSource(headers);
  const specs = fields[entity];
  const candidates: { column: number; field: string; rank: number }[] = [];
  headers.forEach((header, column) => {
    // Steward's own export names its custom-field columns after the field.
    if (entity === 'accounts' && isImportField(entity, header) && header.startsWith('customFields.'))
      candidates.push({ column, field: header, rank: 0 });
    const key = headerKey(header);
    for (const spec of specs) {
      const rank = spec.aliases.indexOf(key);
      if (rank < 0) continue;
      // Only Steward's own export holds Steward's ids; another file's id column is its own.
      if (spec.key === 'id' && source !== 'steward') continue;
      candidates.push({ column, field: spec.key, rank });
    }
    if (key === 'id' && source !== 'steward') candidates.push({ column, field: 'externalId', rank: 0 });
  });
  candidates.sort((a, b) => a.rank - b.rank || a.column - b.column);
  const mapping: Record<string, string | null> = Object.fromEntries(headers.map((h) => [h, null]));
  const takenFields = new Set<string>();
  const takenColumns = new Set<number>();
  for (const c of candidates) {
    if (takenFields.has(c.field) || takenColumns.has(c.column)) continue;
    takenFields.add(c.field);
    takenColumns.add(c.column);
    mapping[headers[c.column]!] = c.field;
  }
  return mapping;
}

/**
 * Values other systems use for Steward's closed lists, by field (keys compared with enumKey):
 * Salesforce's and HubSpot's default deal stages, HubSpot's lifecycle stages, and so on. A
 * user's value map comes first.
 */
export const knownValues: Record<string, Record<string, string>> = {
  stage: {
    prospecting: 'prospecting',
    appointmentscheduled: 'prospecting',
    appointment_scheduled: 'prospecting',
    qualification: 'qualification',
    qualifiedtobuy: 'qualification',
    qualified_to_buy: 'qualification',
    needs_analysis: 'qualification',
    value_proposition: 'qualification',
    id_decision_makers: 'qualification',
    perception_analysis: 'proposal',
    presentationscheduled: 'proposal',
    presentation_scheduled: 'proposal',
    decisionmakerboughtin: 'proposal',
    decision_maker_bought_in: 'proposal',
    proposal_price_quote: 'proposal',
    proposal: 'proposal',
    contractsent: 'negotiation',
    contract_sent: 'negotiation',
    negotiation_review: 'negotiation',
    negotiation: 'negotiation',
    closedwon: 'closed_won',
    closed_won: 'closed_won',
    won: 'closed_won',
    closedlost: 'closed_lost',
    closed_lost: 'closed_lost',
    lost: 'closed_lost',
  },
  lifecycleStage: {
    subscriber: 'prospect',
    lead: 'prospect',
    marketingqualifiedlead: 'prospect',
    marketing_qualified_lead: 'prospect',
    salesqualifiedlead: 'prospect',
    sales_qualified_lead: 'prospect',
    opportunity: 'prospect',
    prospect: 'prospect',
    customer: 'active',
    customer_direct: 'active',
    customer_channel: 'active',
    evangelist: 'active',
    active: 'active',
    onboarding: 'onboarding',
    at_risk: 'at_risk',
    churned: 'churned',
    former_customer: 'churned',
  },
  segment: {
    enterprise: 'enterprise',
    ent: 'enterprise',
    large: 'enterprise',
    mid_market: 'mid_market',
    midmarket: 'mid_market',
    mid: 'mid_market',
    mm: 'mid_market',
    smb: 'smb',
    small: 'smb',
    small_business: 'smb',
  },
  type: {
    new_business: 'new_business',
    newbusiness: 'new_business',
    new_customer: 'new_business',
    new: 'new_business',
    existing_business: 'upsell',
    existing_customer_upgrade: 'upsell',
    existing_customer_upsell: 'upsell',
    upsell: 'upsell',
    upgrade: 'upsell',
    expansion: 'upsell',
    cross_sell: 'cross_sell',
    crosssell: 'cross_sell',
    existing_customer_replacement: 'renewal',
    renewal: 'renewal',
    existing_customer_downgrade: 'renewal',
    call: 'call',
    email: 'email',
    meeting: 'meeting',
    note: 'note',
    check_in: 'check_in',
    business_review: 'business_review',
    qbr: 'business_review',
  },
  forecastCategory: {
    pipeline: 'pipeline',
    best_case: 'best_case',
    bestcase: 'best_case',
    commit: 'commit',
    closed: 'closed',
    omitted: 'omitted',
  },
  source: {
    inbound: 'inbound',
    web: 'inbound',
    outbound: 'outbound',
    referral: 'referral',
    partner_referral: 'referral',
    rfp: 'rfp',
    expansion: 'expansion',
  },
};

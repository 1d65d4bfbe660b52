import { describe, expect, it } from 'vitest';
import { lifecycleStages, segments } from '../schemas/accounts.ts';
import { activityTypes } from '../schemas/relationship.ts';
import { opportunitySources, opportunityTypes } from '../schemas/revenue-values.ts';
import {
  detectSource,
  fieldOf,
  importEntities,
  importFields,
  isImportField,
  knownValues,
  proposeMapping,
} from './csv-mapping.ts';
import { enumKey } from './csv-values.ts';
import { forecastCategories, stages } from './forecast.ts';

// Header lines as the exports write them (test/fixtures/imports/README.md, docs/data.md).
const split = (line: string) => line.split(',');
const stewardAccounts = split(
  'id,name,domain,industry,segment,lifecycleStage,ownerEmail,parentAccountId,checkInCadenceDays,tags,arr,renewalDate,healthScore,healthBand,churnRisk,nextCheckInDue,lastTouchAt,createdAt,updatedAt,customFields.tier',
);
const stewardContacts = split(
  'id,accountId,accountName,firstName,lastName,email,phone,title,role,isPrimary,notes,lastContactedAt,createdAt,updatedAt',
);
const stewardOpportunities = split(
  'id,accountId,accountName,name,type,stage,amount,probability,forecastCategory,closeDate,ownerEmail,source,nextStep,nextStepDue,lostReason,createdAt,updatedAt',
);
const stewardContracts = split(
  'id,accountId,accountName,name,startDate,endDate,arr,autoRenew,upliftPercent,renewalWindowDays,status,createdAt,updatedAt',
);
const stewardActivities = split(
  'id,accountId,accountName,type,subject,body,occurredAt,sentiment,createdAt,updatedAt',
);
const salesforceAccounts = split(
  'Id,Name,Type,ParentId,BillingStreet,BillingCity,BillingState,BillingPostalCode,BillingCountry,Phone,Website,Industry,AnnualRevenue,NumberOfEmployees,OwnerId,Owner.Email,CreatedDate,LastModifiedDate',
);
const salesforceReport = split(
  'Account Name,Opportunity Name,Type,Stage,Amount,Probability (%),Close Date,Opportunity Owner,Created Date',
);
const hubspotCompanies = split(
  'Record ID,Company name,Company Domain Name,Website URL,Company owner,Industry,Phone Number,City,Country/Region,Number of Employees,Annual Revenue,Lifecycle Stage,Create Date,Last Activity Date',
);
const hubspotContacts = split(
  'Record ID,First Name,Last Name,Email,Phone Number,Job Title,Associated Company,Contact owner,Lifecycle Stage,Create Date',
);
const spreadsheet = 'Account name;Domain;Owner email;Segment;Industry;Tags'.split(';');

describe('detectSource', () => {
  it("recognises Steward's own export by its camelCase headers", () => {
    expect(detectSource(split('id,name,domain,industry,ownerEmail'))).toBe('steward');
    expect(detectSource(stewardAccounts)).toBe('steward');
    expect(detectSource(stewardContacts)).toBe('steward'); // id + accountId
    expect(detectSource(stewardOpportunities)).toBe('steward'); // though `probability` is Salesforce's too
    expect(detectSource(stewardContracts)).toBe('steward');
  });

  it('recognises Salesforce by API names or report labels', () => {
    expect(detectSource(split('Id,Name,OwnerId,Owner.Email,BillingCity'))).toBe('salesforce');
    expect(detectSource(salesforceAccounts)).toBe('salesforce');
    expect(detectSource(split('Account Name,Opportunity Name,Stage,Close Date,Opportunity Owner'))).toBe(
      'salesforce',
    );
    expect(detectSource(salesforceReport)).toBe('salesforce');
    expect(detectSource(split('Account Name,Account Owner,Industry'))).toBe('salesforce');
  });

  it('recognises HubSpot by Record ID or a company, contact or deal owner', () => {
    expect(detectSource(split('Record ID,Company name,Company owner'))).toBe('hubspot');
    expect(detectSource(hubspotCompanies)).toBe('hubspot');
    expect(detectSource(hubspotContacts)).toBe('hubspot');
    expect(detectSource(split('Deal Name,Deal Stage,Deal owner'))).toBe('hubspot');
  });

  it('takes anything else as a spreadsheet', () => {
    expect(detectSource(spreadsheet)).toBe('generic');
    expect(detectSource(split('Name,Domain'))).toBe('generic');
    expect(detectSource([])).toBe('generic');
    // `id` alone is not Steward's export: it needs one of its camelCase headers too.
    expect(detectSource(split('id,name,domain'))).toBe('generic');
  });
});

describe('proposeMapping', () => {
  it("maps Steward's account export back to its fields, read-only columns to null", () => {
    expect(proposeMapping('accounts', stewardAccounts)).toEqual({
      id: 'id',
      name: 'name',
      domain: 'domain',
      industry: 'industry',
      segment: 'segment',
      lifecycleStage: 'lifecycleStage',
      ownerEmail: 'owner',
      parentAccountId: 'parentAccount',
      checkInCadenceDays: 'checkInCadenceDays',
      tags: 'tags',
      arr: null,
      renewalDate: null,
      healthScore: null,
      healthBand: null,
      churnRisk: null,
      nextCheckInDue: null,
      lastTouchAt: null,
      createdAt: null,
      updatedAt: null,
      'customFields.tier': 'customFields.tier',
    });
  });

  it("maps Steward's other exports, the account by accountId (accountName left over)", () => {
    expect(proposeMapping('contacts', stewardContacts)).toEqual({
      id: 'id',
      accountId: 'account',
      accountName: null,
      firstName: 'firstName',
      lastName: 'lastName',
      email: 'email',
      phone: 'phone',
      title: 'title',
      role: 'role',
      isPrimary: 'isPrimary',
      notes: 'notes',
      lastContactedAt: null,
      createdAt: null,
      updatedAt: null,
    });
    expect(proposeMapping('opportunities', stewardOpportunities)).toEqual({
      id: 'id',
      accountId: 'account',
      accountName: null,
      name: 'name',
      type: 'type',
      stage: 'stage',
      amount: 'amount',
      probability: 'probability',
      forecastCategory: 'forecastCategory',
      closeDate: 'closeDate',
      ownerEmail: 'owner',
      source: 'source',
      nextStep: 'nextStep',
      nextStepDue: 'nextStepDue',
      lostReason: 'lostReason',
      createdAt: null,
      updatedAt: null,
    });
    // A contract's arr is its own field, not a derived column.
    expect(proposeMapping('contracts', stewardContracts)).toEqual({
      id: 'id',
      accountId: 'account',
      accountName: null,
      name: 'name',
      startDate: 'startDate',
      endDate: 'endDate',
      arr: 'arr',
      autoRenew: 'autoRenew',
      upliftPercent: 'upliftPercent',
      renewalWindowDays: 'renewalWindowDays',
      status: 'status',
      createdAt: null,
      updatedAt: null,
    });
    expect(proposeMapping('activities', stewardActivities)).toEqual({
      id: 'id',
      accountId: 'account',
      accountName: null,
      type: 'type',
      subject: 'subject',
      body: 'body',
      occurredAt: 'occurredAt',
      sentiment: 'sentiment',
      createdAt: null,
      updatedAt: null,
    });
  });

  it("keeps Salesforce's Id as the external id, never as Steward's id", () => {
    expect(proposeMapping('accounts', salesforceAccounts)).toEqual({
      Id: 'externalId',
      Name: 'name',
      Type: null,
      ParentId: 'parentAccount',
      BillingStreet: null,
      BillingCity: null,
      BillingState: null,
      BillingPostalCode: null,
      BillingCountry: null,
      Phone: null,
      Website: 'domain',
      Industry: 'industry',
      AnnualRevenue: null,
      NumberOfEmployees: null,
      OwnerId: null,
      'Owner.Email': 'owner',
      CreatedDate: null,
      LastModifiedDate: null,
    });
    expect(
      proposeMapping('contacts', split('Id,AccountId,FirstName,LastName,Email,Phone,Title,OwnerId')),
    ).toEqual({
      Id: 'externalId',
      AccountId: 'account',
      FirstName: 'firstName',
      LastName: 'lastName',
      Email: 'email',
      Phone: 'phone',
      Title: 'title',
      OwnerId: null,
    });
  });

  it("maps a Salesforce report's labels", () => {
    expect(proposeMapping('opportunities', salesforceReport)).toEqual({
      'Account Name': 'account',
      'Opportunity Name': 'name',
      Type: 'type',
      Stage: 'stage',
      Amount: 'amount',
      'Probability (%)': 'probability',
      'Close Date': 'closeDate',
      'Opportunity Owner': 'owner',
      'Created Date': null,
    });
  });

  it('reads Account Name as the account of a contact but as the name of an account', () => {
    const headers = split('Account Name,First Name,Email');
    expect(proposeMapping('contacts', headers)).toEqual({
      'Account Name': 'account',
      'First Name': 'firstName',
      Email: 'email',
    });
    expect(proposeMapping('accounts', split('Account Name,Website'))).toEqual({
      'Account Name': 'name',
      Website: 'domain',
    });
  });

  it("maps HubSpot's companies, the domain from Company Domain Name only", () => {
    expect(proposeMapping('accounts', hubspotCompanies)).toEqual({
      'Record ID': 'externalId',
      'Company name': 'name',
      'Company Domain Name': 'domain',
      'Website URL': null,
      'Company owner': 'owner',
      Industry: 'industry',
      'Phone Number': null,
      City: null,
      'Country/Region': null,
      'Number of Employees': null,
      'Annual Revenue': null,
      'Lifecycle Stage': 'lifecycleStage',
      'Create Date': null,
      'Last Activity Date': null,
    });
  });

  it("maps HubSpot's contacts (a contact has no owner or stage)", () => {
    expect(proposeMapping('contacts', hubspotContacts)).toEqual({
      'Record ID': 'externalId',
      'First Name': 'firstName',
      'Last Name': 'lastName',
      Email: 'email',
      'Phone Number': 'phone',
      'Job Title': 'title',
      'Associated Company': 'account',
      'Contact owner': null,
      'Lifecycle Stage': null,
      'Create Date': null,
    });
  });

  it("maps a spreadsheet's plain words", () => {
    expect(proposeMapping('accounts', spreadsheet)).toEqual({
      'Account name': 'name',
      Domain: 'domain',
      'Owner email': 'owner',
      Segment: 'segment',
      Industry: 'industry',
      Tags: 'tags',
    });
  });

  it('proposes each field for one column at most, the best alias first, then the first column', () => {
    // Website URL comes first but `companydomainname` is the better alias of domain.
    expect(proposeMapping('accounts', split('Website URL,Company Domain Name,Company name'))).toEqual({
      'Website URL': null,
      'Company Domain Name': 'domain',
      'Company name': 'name',
    });
    // Two headers that are the same alias: the first column wins.
    expect(proposeMapping('accounts', split('Website,Web site'))).toEqual({
      Website: 'domain',
      'Web site': null,
    });
    expect(proposeMapping('accounts', split('Company,Name'))).toEqual({ Company: null, Name: 'name' });
    expect(proposeMapping('contacts', split('Email,E-mail'))).toEqual({ Email: 'email', 'E-mail': null });
    for (const headers of [stewardAccounts, salesforceAccounts, hubspotCompanies, spreadsheet]) {
      const fields = Object.values(proposeMapping('accounts', headers)).filter((f) => f !== null);
      expect(new Set(fields).size).toBe(fields.length);
    }
  });

  it('takes a customFields column as that custom field for accounts only', () => {
    expect(proposeMapping('accounts', split('name,customFields.tier,customFields.region'))).toEqual({
      name: 'name',
      'customFields.tier': 'customFields.tier',
      'customFields.region': 'customFields.region',
    });
    expect(proposeMapping('contacts', split('email,customFields.tier'))).toEqual({
      email: 'email',
      'customFields.tier': null,
    });
  });

  it('maps every column to null when nothing is recognised', () => {
    expect(proposeMapping('signals', split('Foo,Bar'))).toEqual({ Foo: null, Bar: null });
    expect(proposeMapping('accounts', [])).toEqual({});
  });
});

describe('importFields', () => {
  it("lists each entity's fields without their aliases", () => {
    expect(importFields('accounts').map((f) => f.key)).toEqual([
      'id',
      'externalId',
      'name',
      'domain',
      'industry',
      'segment',
      'lifecycleStage',
      'owner',
      'parentAccount',
      'checkInCadenceDays',
      'tags',
    ]);
    expect(importFields('signals').map((f) => [f.key, f.kind, f.required])).toEqual([
      ['account', 'account', false],
      ['metric', 'text', true],
      ['value', 'number', true],
      ['recordedAt', 'datetime', true],
    ]);
    for (const entity of importEntities)
      for (const field of importFields(entity)) expect(field).not.toHaveProperty('aliases');
  });

  it('marks what a row must have and the allowed values of closed lists', () => {
    const required = (entity: (typeof importEntities)[number]) =>
      importFields(entity)
        .filter((f) => f.required)
        .map((f) => f.key);
    expect(required('accounts')).toEqual(['name']);
    expect(required('contacts')).toEqual([]);
    expect(required('opportunities')).toEqual(['name']);
    expect(required('contracts')).toEqual(['name', 'startDate', 'endDate']);
    expect(required('activities')).toEqual(['subject']);
    const segment = importFields('accounts').find((f) => f.key === 'segment');
    expect(segment).toEqual({
      key: 'segment',
      label: 'Segment',
      kind: 'enum',
      required: false,
      values: segments,
    });
    const stage = importFields('opportunities').find((f) => f.key === 'stage');
    expect(stage?.values).toEqual(stages);
  });
});

describe('isImportField and fieldOf', () => {
  it("knows each entity's fields", () => {
    expect(isImportField('contacts', 'email')).toBe(true);
    expect(isImportField('accounts', 'email')).toBe(false);
    expect(isImportField('opportunities', 'closeDate')).toBe(true);
    expect(isImportField('accounts', 'arr')).toBe(false);
    expect(isImportField('contracts', 'arr')).toBe(true);
  });

  it('takes customFields.<key> for accounts only, a key of 1 to 100 characters without spaces', () => {
    expect(isImportField('accounts', 'customFields.tier')).toBe(true);
    expect(isImportField('accounts', 'customFields.a.b')).toBe(true);
    expect(isImportField('accounts', `customFields.${'k'.repeat(100)}`)).toBe(true);
    expect(isImportField('accounts', `customFields.${'k'.repeat(101)}`)).toBe(false);
    expect(isImportField('accounts', 'customFields.')).toBe(false);
    expect(isImportField('accounts', 'customFields..tier')).toBe(false);
    expect(isImportField('accounts', 'customFields.has space')).toBe(false);
    expect(isImportField('contacts', 'customFields.tier')).toBe(false);
  });

  it('describes a field, a custom field as text labelled by its key', () => {
    expect(fieldOf('accounts', 'customFields.tier')).toEqual({
      key: 'customFields.tier',
      label: 'tier',
      kind: 'text',
      required: false,
    });
    expect(fieldOf('opportunities', 'amount')).toMatchObject({
      key: 'amount',
      label: 'Amount',
      kind: 'number',
      required: false,
    });
    expect(fieldOf('contracts', 'autoRenew')).toMatchObject({ kind: 'boolean' });
    expect(fieldOf('contacts', 'customFields.tier')).toBeUndefined();
    expect(fieldOf('accounts', 'nope')).toBeUndefined();
  });
});

describe('knownValues', () => {
  const known = (field: string, raw: string) => knownValues[field]?.[enumKey(raw)];

  it("maps Salesforce's default opportunity stages onto Steward's", () => {
    expect(known('stage', 'Prospecting')).toBe('prospecting');
    expect(known('stage', 'Qualification')).toBe('qualification');
    expect(known('stage', 'Needs Analysis')).toBe('qualification');
    expect(known('stage', 'Value Proposition')).toBe('qualification');
    expect(known('stage', 'Id. Decision Makers')).toBe('qualification');
    expect(known('stage', 'Perception Analysis')).toBe('proposal');
    expect(known('stage', 'Proposal/Price Quote')).toBe('proposal');
    expect(known('stage', 'Negotiation/Review')).toBe('negotiation');
    expect(known('stage', 'Closed Won')).toBe('closed_won');
    expect(known('stage', 'Closed Lost')).toBe('closed_lost');
  });

  it("maps HubSpot's default deal stages, internal values and labels", () => {
    expect(known('stage', 'appointmentscheduled')).toBe('prospecting');
    expect(known('stage', 'Appointment Scheduled')).toBe('prospecting');
    expect(known('stage', 'qualifiedtobuy')).toBe('qualification');
    expect(known('stage', 'Qualified To Buy')).toBe('qualification');
    expect(known('stage', 'presentationscheduled')).toBe('proposal');
    expect(known('stage', 'Presentation Scheduled')).toBe('proposal');
    expect(known('stage', 'decisionmakerboughtin')).toBe('proposal');
    expect(known('stage', 'Decision Maker Bought-In')).toBe('proposal');
    expect(known('stage', 'contractsent')).toBe('negotiation');
    expect(known('stage', 'Contract Sent')).toBe('negotiation');
    expect(known('stage', 'closedwon')).toBe('closed_won');
    expect(known('stage', 'closedlost')).toBe('closed_lost');
  });

  it("maps HubSpot's lifecycle stages and Salesforce's opportunity types", () => {
    expect(known('lifecycleStage', 'customer')).toBe('active');
    expect(known('lifecycleStage', 'opportunity')).toBe('prospect');
    expect(known('lifecycleStage', 'lead')).toBe('prospect');
    expect(known('lifecycleStage', 'marketingqualifiedlead')).toBe('prospect');
    expect(known('lifecycleStage', 'Customer - Direct')).toBe('active');
    expect(known('type', 'New Customer')).toBe('new_business');
    expect(known('type', 'Existing Customer - Upgrade')).toBe('upsell');
    expect(known('type', 'Existing Customer - Replacement')).toBe('renewal');
    expect(known('type', 'Existing Customer - Downgrade')).toBe('renewal');
    expect(known('segment', 'Mid-Market')).toBe('mid_market');
    expect(known('stage', 'Something else')).toBeUndefined();
  });

  it("gives only values of Steward's closed lists, under keys as enumKey writes them", () => {
    const allowed: Record<string, readonly string[]> = {
      stage: stages,
      lifecycleStage: lifecycleStages,
      segment: segments,
      type: [...opportunityTypes, ...activityTypes],
      forecastCategory: forecastCategories,
      source: opportunitySources,
    };
    expect(Object.keys(knownValues).sort()).toEqual(Object.keys(allowed).sort());
    for (const [field, values] of Object.entries(knownValues))
      for (const [key, value] of Object.entries(values)) {
        expect(allowed[field], `${field}.${key}`).toContain(value);
        expect(enumKey(key), `${field}.${key}`).toBe(key);
      }
  });
});

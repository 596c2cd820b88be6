/** The metadata form's sections: every `CollectionFormat` field, grouped the way a researcher thinks of them. */
import type { ReactNode } from 'react';
import { approvalKeys, fieldValue, type ApprovalKey } from './draft';
import { EntityPicker, type EntitySearch } from './entity-picker';
import { DraftCheckbox, DraftText, useForm } from './form-context';
import { KeyValueInput } from './key-value-input';
import { ListInput } from './list-input';

/** The sections in order: id (for the index and anchors) and title. */
export const formSections = [
  { id: 'about', title: 'About the dataset' },
  { id: 'ownership', title: 'Who it belongs to' },
  { id: 'licence', title: 'Licence and access' },
  { id: 'coverage', title: 'Dates and coverage' },
  { id: 'approvals', title: 'Approvals' },
  { id: 'custom', title: 'Custom metadata' },
] as const;

function Section(props: { id: string; title: string; description?: string; children: ReactNode }) {
  return (
    <section className="form-section" id={`section-${props.id}`} aria-labelledby={`section-${props.id}-title`}>
      <h2 id={`section-${props.id}-title`}>{props.title}</h2>
      {props.description && <p className="muted section-description">{props.description}</p>}
      <div className="form-grid">{props.children}</div>
    </section>
  );
}

function Picker(props: { path: string; label: string; search: EntitySearch; required?: boolean; hint: string }) {
  const form = useForm();
  const value = fieldValue(form.draft, props.path);
  return (
    <EntityPicker
      name={props.path}
      label={props.label}
      value={String(value ?? '')}
      required={props.required}
      hint={props.hint}
      search={props.search}
      disabled={form.disabled}
      error={form.errorFor(props.path)}
      onChange={(id) => form.set(props.path, id)}
      onBlur={() => form.touch(props.path)}
    />
  );
}

/** About: name, description, keywords, purpose. */
export function AboutSection() {
  const form = useForm();
  return (
    <Section id="about" title="About the dataset">
      <DraftText path="dataset_info.name" label="Name" required placeholder="e.g. Coral cover surveys 2024" />
      <DraftText
        path="dataset_info.description"
        label="Description"
        required
        multiline
        rows={4}
        hint="What the data is, how it was collected and how it can be used."
      />
      <ListInput
        name="dataset_info.keywords"
        label="Keywords"
        itemLabel="keyword"
        values={form.draft.dataset_info.keywords}
        onChange={(values) => form.set('dataset_info.keywords', values)}
        placeholder="Type a keyword and press Enter"
        hint="Help others find the dataset. Press Enter or type a comma after each."
        error={form.errorFor('dataset_info.keywords')}
        disabled={form.disabled}
      />
      <ListInput
        name="dataset_info.formats"
        label="File formats"
        itemLabel="format"
        values={form.draft.dataset_info.formats}
        onChange={(values) => form.set('dataset_info.formats', values)}
        placeholder="e.g. CSV, NetCDF"
        error={form.errorFor('dataset_info.formats')}
        disabled={form.disabled}
      />
      <DraftText path="dataset_info.purpose" label="Purpose" multiline rows={2} hint="Why the data was collected." />
    </Section>
  );
}

/** Ownership: organisation, publisher, custodian, point of contact. */
export function OwnershipSection({ organisations, people }: { organisations: EntitySearch; people: EntitySearch }) {
  return (
    <Section
      id="ownership"
      title="Who it belongs to"
      description="Organisations and people come from the data store's registry."
    >
      <Picker
        path="associations.organisation_id"
        label="Record creator organisation"
        required
        search={organisations}
        hint="The organisation on whose behalf you register the dataset."
      />
      <Picker
        path="dataset_info.publisher_id"
        label="Publisher"
        required
        search={organisations}
        hint="The organisation that publishes the dataset."
      />
      <Picker
        path="associations.data_custodian_id"
        label="Dataset custodian"
        search={people}
        hint="The person who looks after the dataset (optional)."
      />
      <DraftText
        path="associations.point_of_contact"
        label="Point of contact"
        hint="Who to ask about the data, for example an email address (with their consent)."
      />
    </Section>
  );
}

const licences = [
  ['https://creativecommons.org/licenses/by/4.0/', 'CC BY 4.0'],
  ['https://creativecommons.org/licenses/by-nc/4.0/', 'CC BY-NC 4.0'],
  ['https://creativecommons.org/publicdomain/zero/1.0/', 'CC0 1.0'],
] as const;

/** Licence and access: licence URL, where the data lives, limitations, rights, citation. */
export function LicenceSection() {
  const form = useForm();
  const reposited = form.draft.dataset_info.access_info.reposited;
  return (
    <Section id="licence" title="Licence and access">
      <div className="field-with-presets">
        <DraftText
          path="dataset_info.license"
          label="Usage licence"
          required
          type="url"
          placeholder="https://…"
          hint="A link to the licence text."
        />
        <div className="presets" role="group" aria-label="Common licences">
          {licences.map(([url, label]) => (
            <button
              key={url}
              type="button"
              className="button small"
              disabled={form.disabled}
              onClick={() => {
                form.set('dataset_info.license', url);
                form.touch('dataset_info.license');
              }}
            >
              {label}
            </button>
          ))}
        </div>
      </div>
      <fieldset className="radio-group" disabled={form.disabled}>
        <legend className="field-label">Where the data is stored</legend>
        <label className="radio">
          <input
            type="radio"
            name="reposited"
            checked={reposited}
            onChange={() => form.set('dataset_info.access_info.reposited', true)}
          />
          In this data store (upload the files after registering)
        </label>
        <label className="radio">
          <input
            type="radio"
            name="reposited"
            checked={!reposited}
            onChange={() => form.set('dataset_info.access_info.reposited', false)}
          />
          Somewhere else (describe how to reach it)
        </label>
      </fieldset>
      {!reposited && (
        <>
          <DraftText
            path="dataset_info.access_info.uri"
            label="Where the data is"
            required
            placeholder="https://… or s3://…"
            hint="A URI for the externally hosted data."
          />
          <DraftText
            path="dataset_info.access_info.description"
            label="How to get it"
            required
            multiline
            rows={2}
            hint="Who to ask, or the steps to download it."
          />
        </>
      )}
      <DraftText path="dataset_info.usage_limitations" label="Usage limitations" multiline rows={2} />
      <DraftText path="dataset_info.rights_holder" label="Rights holder" />
      <DraftText path="dataset_info.preferred_citation" label="Preferred citation" multiline rows={2} />
    </Section>
  );
}

function OptionalDate({ path, label }: { path: string; label: string }) {
  const form = useForm();
  const relevant = Boolean(fieldValue(form.draft, `${path}.relevant`));
  return (
    <div className="optional-date">
      <DraftCheckbox path={`${path}.relevant`} label={`Record a ${label.toLowerCase()}`} />
      {relevant && <DraftText path={`${path}.value`} label={label} type="date" required />}
    </div>
  );
}

/** Dates and coverage: creation and publication dates, the period and area covered. */
export function CoverageSection() {
  return (
    <Section id="coverage" title="Dates and coverage">
      <OptionalDate path="dataset_info.created_date" label="Creation date" />
      <OptionalDate path="dataset_info.published_date" label="Publication date" />
      <div className="form-row">
        <DraftText path="dataset_info.temporal_info.duration.begin_date" label="Period start" type="date" />
        <DraftText path="dataset_info.temporal_info.duration.end_date" label="Period end" type="date" />
      </div>
      <DraftText
        path="dataset_info.temporal_info.resolution"
        label="Time step"
        placeholder="e.g. P1D"
        mono
        hint="An ISO-8601 duration: P1D is a day, PT1H an hour, P1M a month."
      />
      <DraftText
        path="dataset_info.spatial_info.coverage"
        label="Spatial coverage"
        multiline
        rows={2}
        mono
        placeholder="SRID=4326;POLYGON((…))"
        hint="The area covered, as EWKT."
      />
      <DraftText
        path="dataset_info.spatial_info.extent"
        label="Spatial extent"
        multiline
        rows={2}
        mono
        placeholder="SRID=4326;POLYGON((…))"
        hint="A bounding box, as EWKT."
      />
      <DraftText
        path="dataset_info.spatial_info.resolution"
        label="Spatial resolution"
        placeholder="e.g. 0.01"
        mono
        hint="In decimal degrees."
      />
    </Section>
  );
}

const approvalText: Record<ApprovalKey, { title: string; relevant: string; obtained: string }> = {
  ethics_registration: {
    title: 'Registration ethics and privacy',
    relevant: 'Registering this data raises ethics or privacy concerns',
    obtained: 'Permission and consent to register it have been obtained',
  },
  ethics_access: {
    title: 'Access ethics and privacy',
    relevant: 'Giving access to this data raises ethics or privacy concerns',
    obtained: 'Permission and consent for access have been obtained',
  },
  indigenous_knowledge: {
    title: 'Indigenous knowledge',
    relevant: 'The data contains Indigenous knowledge',
    obtained: 'Consent from the relevant Indigenous community has been obtained',
  },
  export_controls: {
    title: 'Export controls',
    relevant: 'The data is subject to export controls',
    obtained: 'Due diligence checks and approvals are complete',
  },
};

/** Approvals: the four relevant/obtained pairs. */
export function ApprovalsSection() {
  return (
    <Section
      id="approvals"
      title="Approvals"
      description="Tick both boxes of a pair, or neither: if a concern applies, its approval must be obtained first."
    >
      {approvalKeys.map((key) => (
        <fieldset className="approval" key={key} data-field={`approvals.${key}`}>
          <legend>{approvalText[key].title}</legend>
          <DraftCheckbox path={`approvals.${key}.relevant`} label={approvalText[key].relevant} />
          <DraftCheckbox
            path={`approvals.${key}.obtained`}
            label={approvalText[key].obtained}
            errorPath={`approvals.${key}`}
          />
        </fieldset>
      ))}
    </Section>
  );
}

/** Custom name–value metadata. */
export function CustomSection() {
  const form = useForm();
  return (
    <Section id="custom" title="Custom metadata">
      <KeyValueInput
        rows={form.draft.dataset_info.user_metadata}
        onChange={(rows) => form.set('dataset_info.user_metadata', rows)}
        error={form.errorFor('dataset_info.user_metadata')}
        disabled={form.disabled}
      />
    </Section>
  );
}

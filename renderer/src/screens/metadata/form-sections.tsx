/** The metadata form's sections: every `CollectionFormat` field, grouped the way a researcher thinks of them. */
import type { ReactNode } from 'react';
import { fieldValue } from './draft';
import { EntityPicker, type EntitySearch } from './entity-picker';
import { DraftText, useForm } from './form-context';
import { ListInput } from './list-input';

/** One titled group of fields. */
export function Section(props: { id: string; title: string; description?: string; children: ReactNode }) {
  return (
    <section
      className="form-section"
      id={`section-${props.id}`}
      aria-labelledby={`section-${props.id}-title`}
    >
      <h2 id={`section-${props.id}-title`}>{props.title}</h2>
      {props.description && <p className="muted section-description">{props.description}</p>}
      <div className="form-grid">{props.children}</div>
    </section>
  );
}

function Picker(props: {
  path: string;
  label: string;
  search: EntitySearch;
  required?: boolean;
  hint: string;
}) {
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
      <DraftText
        path="dataset_info.purpose"
        label="Purpose"
        multiline
        rows={2}
        hint="Why the data was collected."
      />
    </Section>
  );
}

/** Ownership: organisation, publisher, custodian, point of contact. */
export function OwnershipSection({
  organisations,
  people,
}: {
  organisations: EntitySearch;
  people: EntitySearch;
}) {
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

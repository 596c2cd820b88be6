/** The metadata form's later sections: dates and coverage, the four approvals, custom metadata. */
import { approvalKeys, fieldValue, type ApprovalKey } from './draft';
import { DraftCheckbox, DraftText, useForm } from './form-context';
import { Section } from './form-sections';
import { KeyValueInput } from './key-value-input';

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

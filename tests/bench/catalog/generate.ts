/** Deterministic, realistic dataset items for catalog benchmarks: varied names, descriptions and keywords. */
import type { CatalogItem } from '../../../main/catalog/index.ts';

/** A small fast PRNG (mulberry32) so every run builds the same catalog. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const topics =
  `ocean temperature salinity rainfall drought bushfire smoke soil carbon nitrogen wheat canola sorghum
  cattle sheep reef coral seagrass mangrove estuary river flow groundwater aquifer wetland frog bird koala
  eucalypt grassland savanna desert alpine snow glacier ice cloud aerosol wind solar radiation humidity
  pressure cyclone flood storm lightning erosion sediment nutrient phosphorus algae plankton fish tuna
  prawn oyster mussel whale dolphin turtle genome sequence protein enzyme microbe bacteria virus fungus
  pollen seed leaf root canopy lidar satellite imagery radar sonar acoustic survey transect quadrat plot
  census trap camera drone sensor buoy mooring glider profile model simulation forecast projection scenario
  emission inventory methane ozone nitrate sulfate mercury arsenic lead copper zinc gold iron lithium
  uranium mine tailings pipeline road rail port urban heat island traffic population health hospital
  vaccine diet obesity sleep stress income housing school literacy energy battery hydrogen wind turbine`
    .split(/\s+/)
    .filter(Boolean);

const places =
  `Tasmania Queensland Victoria Kimberley Pilbara Murray Darling Gippsland Kakadu Ningaloo Canberra
  Perth Darwin Hobart Adelaide Brisbane Sydney Melbourne Cairns Townsville Alice Broome Uluru Torres Coral`
    .split(/\s+/)
    .filter(Boolean);

const fillers =
  `data collected measured observed from the across during for of with and in at by long term annual
  monthly daily hourly high resolution gridded station site regional national baseline trial experiment field
  laboratory analysis derived processed raw quality controlled calibrated dataset records series`
    .split(/\s+/)
    .filter(Boolean);

const pick = <T>(values: readonly T[], next: () => number): T => values[Math.floor(next() * values.length)]!;

/** People in the generated catalog; index 0 is the viewer in the benchmarks. */
export const people = Array.from({ length: 50 }, (_, index) => ({
  username: `user${index}`,
  personId: `10378.1/p${index}`,
}));

/** The `index`-th generated dataset (timestamps spread over ten years). */
export function generateItem(index: number, prefix = '10378.1/'): CatalogItem {
  const next = random(index * 7919 + 17);
  const topic = pick(topics, next);
  const name = `${topic[0]!.toUpperCase()}${topic.slice(1)} ${pick(topics, next)} ${pick(fillers, next)} ${pick(places, next)} ${2000 + Math.floor(next() * 25)}`;
  const description = Array.from({ length: 20 + Math.floor(next() * 40) }, () =>
    next() < 0.4 ? pick(topics, next) : next() < 0.1 ? pick(places, next) : pick(fillers, next),
  ).join(' ');
  const keywords = Array.from({ length: 2 + Math.floor(next() * 4) }, () => pick(topics, next));
  const owner = people[Math.floor(next() ** 2 * people.length)]!;
  const created = 1_500_000_000 + index * 3_000 + Math.floor(next() * 1_000);
  const updated = created + Math.floor(next() * 50_000_000);
  const roll = next();
  const status = roll < 0.7 ? 'NOT_RELEASED' : roll < 0.85 ? 'PENDING' : 'RELEASED';
  const approver = status === 'NOT_RELEASED' ? null : pick(people, next).personId;
  const id = `${prefix}${index}`;
  const path = `datasets/${id.replace(/[./]/g, '-')}/`;
  const domain = {
    display_name: name,
    user_metadata: null,
    collection_format: {
      associations: {
        organisation_id: '10378.1/org1',
        data_custodian_id: owner.personId,
        point_of_contact: null,
      },
      approvals: {
        ethics_registration: { relevant: false, obtained: false },
        ethics_access: { relevant: false, obtained: false },
        indigenous_knowledge: { relevant: false, obtained: false },
        export_controls: { relevant: false, obtained: false },
      },
      dataset_info: {
        name,
        description,
        access_info: { reposited: true, uri: null, description: null },
        publisher_id: '10378.1/org1',
        created_date: { relevant: false, value: null },
        published_date: { relevant: false, value: null },
        license: 'https://creativecommons.org/licenses/by/4.0/',
        purpose: null,
        rights_holder: null,
        usage_limitations: null,
        preferred_citation: null,
        spatial_info: null,
        temporal_info: null,
        formats: ['csv'],
        keywords,
        user_metadata: null,
        version: null,
      },
    },
    s3: { bucket_name: 'datadesk', path, s3_uri: `s3://datadesk/${path}` },
    release_history:
      status === 'NOT_RELEASED'
        ? []
        : [
            {
              action: 'REQUEST' as const,
              timestamp: updated,
              approver: approver!,
              requester: owner.personId,
              notes: 'Ready',
            },
          ],
    release_status: status as CatalogItem['release_status'],
    release_approver: approver,
    release_timestamp: approver ? updated : null,
    access_info_uri: null,
  };
  return {
    id,
    owner_username: owner.username,
    created_timestamp: created,
    updated_timestamp: updated,
    item_category: 'ENTITY',
    item_subtype: 'DATASET',
    record_type: 'COMPLETE_ITEM',
    workflow_links: null,
    versioning_info: { version: 1, previous_version: null, next_version: null, reason: null },
    ...domain,
    history: [
      {
        id: 0,
        timestamp: created,
        reason: 'Initial record creation',
        username: owner.username,
        item: domain,
      },
    ],
  };
}

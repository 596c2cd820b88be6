import { EmptyState, Screen } from '../../ui/screen';

/** Datasets: browse, search and open datasets. */
export function DatasetsScreen() {
  return (
    <Screen title="Datasets" subtitle="Every dataset you can see in this data store">
      <EmptyState title="No datasets yet">Datasets you mint or can read appear here.</EmptyState>
    </Screen>
  );
}

import { EmptyState, Screen } from '../../ui/screen';

/** Reviews: release requests waiting for me. */
export function ReviewsScreen() {
  return (
    <Screen title="Reviews" subtitle="Release requests waiting for your decision">
      <EmptyState title="Nothing to review">When someone asks you to approve a release, it appears here.</EmptyState>
    </Screen>
  );
}

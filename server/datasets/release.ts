/**
 * The release workflow (§3): a dataset admin asks a reviewer, the designated reviewer approves or rejects.
 * Checks run in Provena's order; release actions change the record without a history entry.
 */
import type {
  ActionApprovalRequest,
  ActionApprovalRequestResponse,
  ItemDataset,
  ReleaseApprovalRequest,
  ReleaseApprovalRequestResponse,
} from '../../shared/provena/index.ts';
import type { AuthenticatedUser } from '../auth/authenticator.ts';
import { transaction } from '../db/database.ts';
import { badRequest, notAuthorised } from '../http/errors.ts';
import { fetchDatasetForUser, hasAnyRole } from './access.ts';
import { nowSeconds, type DatasetContext } from './context.ts';
import { putDataset } from './metadata.ts';

/** Writes release fields of the latest record in one transaction. */
function applyRelease(
  context: DatasetContext,
  id: string,
  user: AuthenticatedUser,
  change: (item: ItemDataset) => ItemDataset,
): void {
  transaction(context.database, () => {
    const latest = fetchDatasetForUser(context, id, user);
    const record = { ...change(latest.item), updated_timestamp: nowSeconds() };
    putDataset(context, record, { owner: latest.row.ownerUsername, created: latest.row.createdTimestamp });
  });
}

/** `POST /release/approval-request`. */
export function requestApproval(
  context: DatasetContext,
  request: ReleaseApprovalRequest,
  user: AuthenticatedUser,
): ReleaseApprovalRequestResponse {
  const requester = context.registry.linkedPerson(user.username);
  if (!requester)
    throw badRequest('You cannot request a review without having a linked Person in the registry.');
  const id = request.dataset_id;
  const fetched = fetchDatasetForUser(context, id, user);
  if (!hasAnyRole(fetched.roles, ['admin'])) {
    throw notAuthorised(
      `User ${user.username} is not an admin of dataset ${id}. Only admins of datasets can request for the dataset to be reviewed.`,
    );
  }
  if (fetched.item.release_status === 'PENDING' || fetched.item.release_status === 'RELEASED') {
    throw badRequest(
      `Dataset ${id} is already pending review or is released. Cannot request a review while another is unresolved.`,
    );
  }
  if (!context.registry.isReviewer(request.approver_id)) {
    throw badRequest(
      `User ${request.approver_id} is not a system dataset reviewer. Please provide an ID for entity pointing to a person who is a valid dataset reviewer for this system.`,
    );
  }
  const timestamp = nowSeconds();
  applyRelease(context, id, user, (item) => ({
    ...item,
    release_status: 'PENDING',
    release_approver: request.approver_id,
    release_timestamp: timestamp,
    release_history: [
      ...item.release_history,
      { action: 'REQUEST', timestamp, approver: request.approver_id, requester, notes: request.notes },
    ],
  }));
  // Provena queues an email job to the reviewer here (a service-account job users never see).
  context.logger.info('release.requested', { handle: id, approver: request.approver_id, requester });
  return {
    dataset_id: id,
    approver_id: request.approver_id,
    details: 'Successfully sent request to approve dataset release to approver. Email notification included.',
  };
}

/** `PUT /release/action-approval-request`. */
export function actionApproval(
  context: DatasetContext,
  request: ActionApprovalRequest,
  user: AuthenticatedUser,
): ActionApprovalRequestResponse {
  const reviewer = context.registry.linkedPerson(user.username);
  if (!reviewer) {
    throw badRequest(
      'In order to perform this operation you must link your User account to a Person in the registry.',
    );
  }
  if (!context.registry.isReviewer(reviewer)) {
    throw notAuthorised(
      'You are not a dataset reviewer. Only system dataset reviewers can perform this action. Contact system admins to request to be a reviewer.',
    );
  }
  const id = request.dataset_id;
  const fetched = fetchDatasetForUser(context, id, user);
  if (fetched.item.release_status !== 'PENDING') {
    throw badRequest(`Dataset ${id} is not pending review. Cannot perform this action.`);
  }
  if (fetched.item.release_approver !== reviewer) {
    throw notAuthorised(
      `User with name ${user.username} and linked ID ${reviewer} is not the approver for dataset ${id}. Only the designated approver can perform this action.`,
    );
  }
  const timestamp = nowSeconds();
  applyRelease(context, id, user, (item) => ({
    ...item,
    release_status: request.approve ? 'RELEASED' : 'NOT_RELEASED',
    release_approver: reviewer,
    release_timestamp: timestamp,
    release_history: [
      ...item.release_history,
      {
        action: request.approve ? 'APPROVE' : 'REJECT',
        timestamp,
        approver: reviewer,
        requester: null,
        notes: request.notes,
      },
    ],
  }));
  context.logger.info('release.actioned', { handle: id, approved: request.approve, reviewer });
  return {
    dataset_id: id,
    approved: request.approve,
    details: 'Succesfully responded to dataset release approval request.',
  };
}

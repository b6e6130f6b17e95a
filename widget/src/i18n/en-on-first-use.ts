/**
 * English strings of the parts loaded on first use (a message's menu, the friends
 * panel): they travel in those chunks, which add them with `addEnglish()` when they
 * load, instead of in the first load. Other locales' JSON tables hold them as usual.
 */
export const enOnFirstUse = {
  /** A reaction chip's label (the chip is named by its text until these arrive). */
  reactionOne: '{emoji}, 1 person',
  reactionMany: '{emoji}, {count} people',
  reactionMine: '{label}, you reacted',
  /** The reactions' names, in the order of protocol/reactions.ts, split by `|`. */
  reactionNames: 'Thumbs up|Thumbs down|Rocket|Bull|Bear|Laughing|Heart|Eyes',
  addFriendLabel: 'Add a friend by user id',
  addFriendPlaceholder: 'User id',
  addFriend: 'Add friend',
  requestSent: 'Friend request sent to {name}.',
  incomingRequests: 'Friend requests',
  outgoingRequests: 'Sent requests',
  acceptFrom: 'Accept friend request from {name}',
  requestPending: 'Pending',
  newGroup: 'New group',
  groupName: 'Group name',
  groupMembers: 'Members',
  noFriendsYet: 'Add friends to invite them.',
  blockUser: 'Block {name}',
  editLabel: 'Edit your message',
  editHint: 'Enter saves, Escape cancels.',
  confirmDelete: 'Delete this message for everyone?',
  reportReason: 'Why are you reporting this message?',
  reasonSpam: 'Spam',
  reasonAbuse: 'Abuse or insults',
  reasonManipulation: 'Market manipulation',
  reasonOther: 'Something else',
  decline: 'Decline',
  declineName: 'Decline friend request from {name}',
  cancelRequest: 'Cancel',
  cancelRequestName: 'Cancel friend request to {name}',
  unfriend: 'Remove',
  unfriendName: 'Remove {name} from friends',
  yourFriends: 'Your friends',
  friendConflict: 'You are already friends, or a request is pending.',
  friendNotFound: 'That user does not exist.',
  friendBadId: 'Type the user id of someone else.',
} as const;

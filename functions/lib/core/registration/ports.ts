// What the registration, review and privacy features need from the outside world.
import type { Language } from "../contact.js";
import type { UserRef } from "../events.js";

export interface Reviewer {
  readonly user: UserRef;
  readonly language: Language;
}

export interface StaffDirectory {
  /** Everyone who reviews registrations: staff contacts plus the configured staff ids. */
  reviewers(): Promise<Reviewer[]>;
  /** The person's chosen language (default Indonesian), for messages sent to them. */
  languageOf(user: UserRef): Promise<Language>;
}

export interface PersonalDataEraser {
  /** Deletes everything personal about the person except contact + conversation (the turn commit removes those). */
  erase(user: UserRef, now: Date): Promise<void>;
}

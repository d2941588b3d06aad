/** The server's password rule (lib/auth/password.ts), handed to the forms by their pages. */
export type PasswordRules = { minLength: number; maxLength: number };

/** What is wrong with a password, in words, checked before sending (the server checks the same rule). */
export function passwordProblem(password: string, rules: PasswordRules): string | null {
  if (password.length < rules.minLength) return `At least ${rules.minLength} characters (this one has ${password.length})`;
  if (password.length > rules.maxLength) return `At most ${rules.maxLength} characters`;
  return null;
}

export const passwordHint = (rules: PasswordRules) => `${rules.minLength} to ${rules.maxLength} characters.`;

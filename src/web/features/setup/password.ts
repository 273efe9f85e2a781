/** The same length rules as the server (8 to 64 characters, no composition rules); the server also checks common passwords. */
export function passwordProblem(password: string): string | false {
  if (password.length === 0) return 'Choose a password';
  if (password.length < 8) return 'Choose a password of at least 8 characters';
  if (password.length > 64) return 'Choose a password of 64 characters or fewer';
  return false;
}

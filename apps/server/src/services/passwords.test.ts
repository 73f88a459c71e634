import { expect, it } from 'vitest';
import { generatePassword } from './passwords';
import { passwordProblem } from './password-policy';

it('a generated password can be passed as `--password X`: it never starts with - (or _), and it passes the policy', () => {
  // Each base64url character is - or _ with probability 1/32: 2,000 draws miss one with p < 1e-27.
  for (let i = 0; i < 2000; i++) expect(generatePassword()).toMatch(/^[A-Za-z0-9][A-Za-z0-9_-]{19}$/);
  expect(passwordProblem(generatePassword(), ['admin'])).toBeNull();
});

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { STEPS as POSTGRES_STEPS } from './postgres/schema';
import { STEPS as SQLITE_STEPS } from './sqlite/schema';

/**
 * The SHA-256 of every shipped schema step, in order, per store. A database that ran a step
 * never runs it again, so editing a shipped step changes nothing on existing databases and
 * leaves them different from new ones: changes go into a new step. Appending a step means
 * appending its hash here (the failure message prints it).
 */
const SHIPPED = {
  sqlite: {
    steps: SQLITE_STEPS,
    hashes: [
      'ae8adfbea412a0b907e4e5d664a01d0868453068210dae509b0be64c2f2cf797',
      '4b11e0b790b008a76130a79db40930f75bbe74f44a140e22c0caa835c2877728',
      'c9bb4bc83d987eee8c0367a5a5edd7130c7f87d7ee1d3b5ef1c2f256bd6cac49',
      '24532063d39233124ad3dd2aee26daf4c171b122d868df1f658293959e8b8480',
      'c6c87d88d7f36795ed7f1595a0246cc34c340f6a9f6ee1237a55814846d06866',
      '737d655ad52fed788ac12532ea57833ebe6b61a29152bf8bd5f5049a1c93d894',
      '5733fb9181fdeae2c80b8be859aaa99da06f3eed172ac2c54133e1d9debbeedf',
      '13576125df26a0277448a3a4d0409c255f67b8bbf4b58bc4c97b1b7cd56e92d3',
      '7883715c7480f38ba9b0519ccf4b6f95e91a506f50a36f209d303fd25d50ddb0',
      'c200e85061f3eee62d10b1c673f7ee91c41e7bab7fdf3adad27e83343c9ee499',
      'f97edd747e616338253bfa25fb6e5ba3dd770ca5da66948c1d449416260acff8',
      '143abbfdb2b5e4aca8ab925d5cd5d6d8ad445297ef191e03f0ba6f9c49504d37',
      '33f6c33d402a80cb908fdb6591e5e8c93829b77316e4cf7e1963c3881922d6c0',
    ],
  },
  postgres: {
    steps: POSTGRES_STEPS,
    hashes: [
      '6e5068e536b5273c75c5f0785c9b8901a585b069cf5b63b334470210d7bfd9a5',
      'ef5ac42083b0f7e08effca56b8525355a5da9315ff77da528ae4d4a45f28b276',
      '062781f39b4312f7827ba78c6ff414ef51801a589f3bd9cfbb879d964c2ad681',
      '3a9d5d8a07b11fa34b4ab83f58f26f940eb4731f5e6898763d401e31383a089c',
      'bc3a8285f1c8a795f942b57d40346f7435197dfb31974b53ce13b2fc6c4ef82b',
      'f350f0dbfe3b7d45454005a47d8348eae62a91ecdf7bb29e20148b558689f90d',
      'cf3938222f16679f3cc9adf2482cc68379fa108e6a0bd47c92144be94ee655d9',
      '31b9ff3f3be395d2d6aa6f401c2f22b22bc7ee07a4a657bf5b784b67456178ce',
      '2c38b8d374804d3d914cc233978fb366599faf225c5e81fcbec1fdb22e0e5ea1',
      'b11823e0bd406c25da79aecdf9d88ef000b625e09575ec3f131ff0057c9f2cb8',
      '1e489d793cc046e3327127e806ab9f78edd2a660f492084903eec7404f7ec5a2',
      '989adf8740be895a7aed2de4f4a3f658e7f0f8dc5b2d461dd161f6dc3483d31b',
      'b95041a4d400850d3a863f81e44964d2a25b671f38517172ffa946cfe8033d8b',
    ],
  },
};

const hashOf = (step: string) => createHash('sha256').update(step).digest('hex');

describe.each(Object.entries(SHIPPED))('%s schema steps', (store, { steps, hashes }) => {
  it('no shipped step was edited', () => {
    for (const [index, hash] of hashes.entries()) {
      const step = steps[index];
      expect(
        step !== undefined && hashOf(step),
        `${store} step ${index} was edited or removed: put the change in a new step appended to STEPS instead`,
      ).toBe(hash);
    }
  });

  it('every step is recorded as shipped', () => {
    const unrecorded = steps
      .slice(hashes.length)
      .map((step, i) => `${store} step ${hashes.length + i}: append '${hashOf(step)}' to SHIPPED.${store}.hashes`);
    expect(unrecorded, 'a new step: record its hash so later edits of it are caught').toEqual([]);
  });
});

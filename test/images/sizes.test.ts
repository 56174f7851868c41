// Image sizes (uncompressed, `docker image inspect`) against the goals, printed for the CI log.
import { describe, expect, it } from 'vitest';
import { IMAGES } from '../../images/build/images.ts';
import { dockerOk } from './lib/docker.ts';

describe('image sizes', () => {
  for (const image of IMAGES) {
    it(`${image.tag} is at most ${image.goalMB} MB`, async () => {
      const bytes = Number((await dockerOk(['image', 'inspect', '--format', '{{.Size}}', image.tag])).trim());
      const mb = bytes / 1e6;
      console.log(`${image.tag}: ${mb.toFixed(1)} MB (goal ≤ ${image.goalMB} MB)`);
      expect(mb).toBeLessThanOrEqual(image.goalMB);
    });
  }
});

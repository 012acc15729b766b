// How far the running import or export has got, as main reports it (a progress bar's value).
import { on } from './api';
import type { TransferProgress } from '../../../shared/exchange';

class Transfers {
  import = $state.raw<TransferProgress | null>(null);
  export = $state.raw<TransferProgress | null>(null);

  constructor() {
    on('transfer:progress', (progress) => {
      this[progress.operation] = progress.fraction >= 1 ? null : progress;
    });
  }
}

export const transfers = new Transfers();

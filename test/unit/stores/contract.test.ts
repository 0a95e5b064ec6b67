import { storeContract } from '../../support/store-contract.js';
import { fileStoreKind } from '../../support/store-kinds.js';

storeContract(fileStoreKind);

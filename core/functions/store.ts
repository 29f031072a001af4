import { cancelInput, fulfilInput, itemSaveInput, itemsListInput, ordersMineInput, ordersPendingInput, redeemInput } from '../contracts/store';
import { action, defineFunction } from '../runtime/router';
import { cancelOrder } from '../usecases/store/cancel-order';
import { expireOrders } from '../usecases/store/expire-orders';
import { fulfilOrder } from '../usecases/store/fulfil-order';
import { listItems } from '../usecases/store/list-items';
import { myOrders } from '../usecases/store/my-orders';
import { pendingOrders } from '../usecases/store/pending-orders';
import { redeem } from '../usecases/store/redeem';
import { saveItem } from '../usecases/store/save-item';

/** The `store` cloud function: the points store (积分超市). Timer: expireOrders (config.json). */
export const store = defineFunction(
  'store',
  {
    'items.list': action({ input: itemsListInput, run: (ctx, input) => listItems(ctx, input) }),
    'items.save': action({ input: itemSaveInput, run: (ctx, input) => saveItem(ctx, input) }),
    redeem: action({ input: redeemInput, run: (ctx, input) => redeem(ctx, input) }),
    'orders.mine': action({ input: ordersMineInput, run: (ctx, input) => myOrders(ctx, input) }),
    'orders.pending': action({ input: ordersPendingInput, run: (ctx, input) => pendingOrders(ctx, input) }),
    'orders.fulfil': action({ input: fulfilInput, run: (ctx, input) => fulfilOrder(ctx, input) }),
    'orders.cancel': action({ input: cancelInput, run: (ctx, input) => cancelOrder(ctx, input) }),
  },
  { expireOrders: (ctx) => expireOrders(ctx) },
);

import {
  dedicationConfigInput,
  dedicationLogInput,
  dedicationMineInput,
  dedicationMonthInput,
  eventsAttendanceInput,
  eventsCheckinInput,
  eventsCheckoutInput,
  eventsCloseInput,
  eventsCreateInput,
  eventsGetInput,
  eventsListInput,
  eventsProxyCheckinInput,
  eventsQrInput,
  offlineDecisionInput,
} from '../contracts/events';
import { action, defineFunction } from '../runtime/router';
import { attendance } from '../usecases/events/attendance';
import { checkin } from '../usecases/events/checkin';
import { checkout } from '../usecases/events/checkout';
import { closeEvent } from '../usecases/events/close';
import { createEvent } from '../usecases/events/create';
import { dedicationConfig } from '../usecases/events/dedication-config';
import { dedicationLog } from '../usecases/events/dedication-log';
import { dedicationMine } from '../usecases/events/dedication-mine';
import { dedicationMonth } from '../usecases/events/dedication-month';
import { dedicationRemind } from '../usecases/events/dedication-remind';
import { getEvent } from '../usecases/events/get';
import { listEvents } from '../usecases/events/list';
import { offlineConfirm } from '../usecases/events/offline-confirm';
import { offlineRefuse } from '../usecases/events/offline-refuse';
import { proxyCheckin } from '../usecases/events/proxy-checkin';
import { qr } from '../usecases/events/qr';

/**
 * The `events` cloud function: service events, rotating-QR check-in/out, proxy check-in,
 * attendance, and the branch dedication day. Timer: dedicationReminder (config.json, 20:00
 * China time: reminders for tomorrow's dedication days).
 */
export const events = defineFunction(
  'events',
  {
    create: action({ input: eventsCreateInput, run: (ctx, input) => createEvent(ctx, input) }),
    list: action({ input: eventsListInput, run: (ctx, input) => listEvents(ctx, input) }),
    get: action({ input: eventsGetInput, run: (ctx, input) => getEvent(ctx, input) }),
    qr: action({ input: eventsQrInput, run: (ctx, input) => qr(ctx, input) }),
    close: action({ input: eventsCloseInput, run: (ctx, input) => closeEvent(ctx, input) }),
    checkin: action({ input: eventsCheckinInput, run: (ctx, input) => checkin(ctx, input) }),
    checkout: action({ input: eventsCheckoutInput, run: (ctx, input) => checkout(ctx, input) }),
    proxyCheckin: action({ input: eventsProxyCheckinInput, run: (ctx, input) => proxyCheckin(ctx, input) }),
    attendance: action({ input: eventsAttendanceInput, run: (ctx, input) => attendance(ctx, input) }),
    'offline.confirm': action({ input: offlineDecisionInput, run: (ctx, input) => offlineConfirm(ctx, input) }),
    'offline.refuse': action({ input: offlineDecisionInput, run: (ctx, input) => offlineRefuse(ctx, input) }),
    'dedication.config': action({ input: dedicationConfigInput, run: (ctx, input) => dedicationConfig(ctx, input) }),
    'dedication.log': action({ input: dedicationLogInput, run: (ctx, input) => dedicationLog(ctx, input) }),
    'dedication.month': action({ input: dedicationMonthInput, run: (ctx, input) => dedicationMonth(ctx, input) }),
    'dedication.mine': action({ input: dedicationMineInput, run: (ctx) => dedicationMine(ctx) }),
  },
  { dedicationReminder: (ctx) => dedicationRemind(ctx) },
);

/**
 * The cloud API (CONTRACT §3) over UrlFetchApp: JSON in and out, `x-api-key` on every call, `Idempotency-Key` on
 * every write. HTTP errors come back as values (muteHttpExceptions), in the API's
 * `{"error": {"code", "message", "messageZh", "field", "existingId"}}` shape; a network failure is an error value too.
 */
import type {
  Achievement,
  AchievementRequest,
  Application,
  ApplicationPage,
  ApplicationRequest,
  Approval,
  ApprovalRequest,
  KeyMe,
  Payment,
  PaymentRequest,
  Receipt,
  ReceiptRequest,
  Summary,
  VoidRequest,
} from './api-types.js';
import type { ApiSettings } from './settings.js';

export interface ApiError {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  /** The API's 中文 message (every API error has one; a network failure's message is bilingual already). */
  readonly messageZh?: string;
  readonly field?: string;
  /** DUPLICATE: the id of the record that already exists. */
  readonly existingId?: string;
}

export type ApiResult<T> = { readonly ok: true; readonly status: number; readonly body: T } | { readonly ok: false; readonly error: ApiError };

/** POST /applications body: the API's own type (generated, ./api-types.ts; its `IdempotencyKey` says which answers a retry gets). */
export type ApplicationBody = ApplicationRequest;

/** A stored application as the API answers it (./api-types.ts). */
export type StoredApplication = Application;

function request<T>(settings: ApiSettings, method: 'get' | 'post', path: string, body?: unknown, idempotencyKey?: string): ApiResult<T> {
  const headers: Record<string, string> = { 'x-api-key': settings.apiKey };
  if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
  const options: GoogleAppsScript.URL_Fetch.URLFetchRequestOptions = { method, headers, muteHttpExceptions: true, followRedirects: false };
  if (body !== undefined) {
    options.contentType = 'application/json';
    options.payload = JSON.stringify(body);
  }
  let status: number;
  let text: string;
  try {
    const response = UrlFetchApp.fetch(`${settings.apiUrl}${path}`, options);
    status = response.getResponseCode();
    text = response.getContentText();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, error: { status: 0, code: 'NETWORK', message: `无法连接 API (cannot reach the API: ${message})` } };
  }
  return answerOf<T>(status, text);
}

/** One HTTP answer as a value: a 2xx with JSON is the body, anything else the API's error (or the status and text). */
export function answerOf<T>(status: number, text: string): ApiResult<T> {
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : {};
  } catch {
    parsed = undefined;
  }
  if (status >= 200 && status < 300 && parsed !== undefined) return { ok: true, status, body: parsed as T };
  const error = (parsed as { error?: { code?: unknown; message?: unknown; messageZh?: unknown; field?: unknown; existingId?: unknown } } | undefined)?.error;
  return {
    ok: false,
    error: {
      status,
      code: typeof error?.code === 'string' ? error.code : `HTTP_${status}`,
      message: typeof error?.message === 'string' ? error.message : text.slice(0, 200) || `HTTP ${status}`,
      ...(typeof error?.messageZh === 'string' ? { messageZh: error.messageZh } : {}),
      ...(typeof error?.field === 'string' ? { field: error.field } : {}),
      ...(typeof error?.existingId === 'string' ? { existingId: error.existingId } : {}),
    },
  };
}

export function createApplication(settings: ApiSettings, body: ApplicationBody, idempotencyKey: string): ApiResult<StoredApplication> {
  return request<StoredApplication>(settings, 'post', '/applications', body, idempotencyKey);
}

export function listApplications(settings: ApiSettings, nextToken?: string): ApiResult<ApplicationPage> {
  const query = `?limit=100${nextToken ? `&nextToken=${encodeURIComponent(nextToken)}` : ''}`;
  return request<ApplicationPage>(settings, 'get', `/applications${query}`);
}

/** `ERROR: [CODE HTTP 409] 中文 (English) (field)` for a cell: the API's messageZh first, as every cell says 中文 first. */
export function describeApiError(error: ApiError): string {
  const field = error.field ? ` (${error.field})` : '';
  const status = error.status ? ` HTTP ${error.status}` : '';
  const text = error.messageZh ? `${error.messageZh} (${error.message})` : error.message;
  return `ERROR: [${error.code}${status}] ${text}${field}`;
}

/**
 * A refusal the API keeps under its Idempotency-Key and answers again to every retry (CONTRACT §3: 409 refusals such as
 * CAP_EXCEEDED or DUPLICATE, which store nothing), unlike the 409 CONFLICT of a key reused with a different body, which
 * may stand for a stored record whose answer was lost.
 */
export function keptRefusal(error: ApiError): boolean {
  return error.status === 409 && error.field !== 'Idempotency-Key';
}

/** GET /keys/me: the saved key's role, district and label (the sidebar's *test connection*). */
export function getKeyMe(settings: ApiSettings): ApiResult<KeyMe> {
  return request<KeyMe>(settings, 'get', '/keys/me');
}

const segment = (id: string): string => encodeURIComponent(id);

export function createApproval(settings: ApiSettings, applicationId: string, body: ApprovalRequest, idempotencyKey: string): ApiResult<Approval> {
  return request<Approval>(settings, 'post', `/applications/${segment(applicationId)}/approvals`, body, idempotencyKey);
}

export function createPayment(settings: ApiSettings, applicationId: string, body: PaymentRequest, idempotencyKey: string): ApiResult<Payment> {
  return request<Payment>(settings, 'post', `/applications/${segment(applicationId)}/payments`, body, idempotencyKey);
}

export function voidPayment(settings: ApiSettings, applicationId: string, paymentId: string, body: VoidRequest, idempotencyKey: string): ApiResult<Payment> {
  return request<Payment>(settings, 'post', `/applications/${segment(applicationId)}/payments/${segment(paymentId)}/void`, body, idempotencyKey);
}

export function createAchievement(settings: ApiSettings, body: AchievementRequest, idempotencyKey: string): ApiResult<Achievement> {
  return request<Achievement>(settings, 'post', '/achievements', body, idempotencyKey);
}

export function createReceipt(settings: ApiSettings, achievementId: string, body: ReceiptRequest, idempotencyKey: string): ApiResult<Receipt> {
  return request<Receipt>(settings, 'post', `/achievements/${segment(achievementId)}/receipts`, body, idempotencyKey);
}

/** GET /achievements/{id}: whose achievement a DUPLICATE contract number belongs to. */
export function getAchievement(settings: ApiSettings, achievementId: string): ApiResult<Achievement> {
  return request<Achievement>(settings, 'get', `/achievements/${segment(achievementId)}`);
}

/** GET /reports/summary: the key's scope (a district key: its district). */
export function getSummary(settings: ApiSettings): ApiResult<Summary> {
  return request<Summary>(settings, 'get', '/reports/summary');
}

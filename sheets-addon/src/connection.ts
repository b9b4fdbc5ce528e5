/**
 * *Test connection* (CONTRACT §2, the sidebar): GET /keys/me with the saved key, answered as who the key is — role,
 * district, label — or why it could not be asked. Never throws and never shows the key.
 */
import { CITY_LABEL } from '../../shared/index.js';
import { getKeyMe } from './api-client.js';
import type { Connection } from './bridge.js';
import { readSettings } from './settings.js';

const failed = (message: string): Connection => ({ ok: false, id: '', role: '', roleLabel: '', district: '', districtLabel: '', label: '', message });

export function testConnection(): Connection {
  try {
    const settings = readSettings();
    if (!settings) return failed('未保存 API 地址和密钥，请先保存 (no API URL and key saved: save them first)');
    const result = getKeyMe(settings);
    if (!result.ok) {
      const { error } = result;
      if (error.status === 401) return failed(`密钥无效或已吊销 (the key is unknown or revoked) [${error.code} HTTP 401]`);
      if (error.status === 0) return failed(`${error.message}：请检查 API 地址和网络 (check the API URL and the network)`);
      return failed(`连接失败 (connection failed) [${error.code} HTTP ${error.status}] ${error.messageZh ?? ''} (${error.message})`);
    }
    const me = result.body;
    const district = me.district ?? '';
    const districtLabel = me.districtLabel ?? (district ? district : CITY_LABEL);
    const label = me.label ?? '';
    const roleLabel = me.roleLabel ?? me.role;
    const who = label ? ` · ${label}` : '';
    const message = `连接成功：${roleLabel} · ${districtLabel}${who} (connected: ${me.role} · ${district || 'city-wide'}${who})`;
    return { ok: true, id: String(me.id ?? ''), role: me.role, roleLabel, district, districtLabel, label, message };
  } catch (error) {
    return failed(`连接失败 (connection failed: ${error instanceof Error ? error.message : String(error)})`);
  }
}

import express, { Express } from 'express';
import session from 'express-session';
import { applySecurity } from './security';
import { sessionOptions } from '../config/session';
import authRoutes from '../routes/auth';
import orderRoutes from '../routes/orders';
import { apiLimiter } from '../middleware/limits';

export function createApp(): Express {
  const app = express();
  applySecurity(app);
  app.use(express.json());
  app.use(session(sessionOptions));
  app.use('/api/auth', authRoutes);
  app.use('/api/orders', apiLimiter, orderRoutes);
  app.get('/health', (_req, res) => res.send('ok'));
  return app;
}
